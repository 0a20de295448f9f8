/* scorm-builder runtime: what the learner has done and what is left. Marks in the contents,
 * "n of m pages done", the steps left before the course is complete (with links), and the finish
 * screen with its printable certificate. Only reads tracking. docs/runtime.md */
(function (w, d) {
  'use strict';
  var SB = w.ScormBuilder, data = SB.data, track = SB.tracking, nav = SB.nav;
  var A = data.assessment, pages = data.pages, sections = nav.sections;
  var contents = d.getElementById('sb-contents'), finish = d.getElementById('sb-finish');
  if (!contents || !track.isViewed) return;
  var learner = '';
  var STATE_TEXT = { done: ' (done)', seen: ' (visited)', '': '' };

  function role(root, name) { return root.querySelector('[data-role="' + name + '"]'); }
  function el(tag, text, cls) {
    var e = d.createElement(tag);
    if (text) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function linkTo(i) {
    var a = el('a', pages[i].title);
    a.href = '#' + sections[i].id;
    return a;
  }
  function mastery() { var m = track.masteryScore(); return m === null ? 0 : m; }
  function passed() { var best = track.bestScore(); return best !== null && best >= mastery(); }
  function complete() { var s = track.status(); return s === 'passed' || s === 'completed'; }
  function isAssessment(i) { return !!A && pages[i].id === A.page; }
  // Done: seen, every knowledge check on it tried, and (the assessment page) passed.
  function stateOf(i) {
    if (!track.isViewed(i)) return '';
    var checked = pages[i].questions.every(function (id) {
      var q = data.questions[id];
      return !q || q.scored || track.getAnswer(id) !== undefined;
    });
    return checked && (!isAssessment(i) || passed()) ? 'done' : 'seen';
  }

  // What is left before the course is complete, by the completion rule (sb-data.completion).
  // brief (the contents): the count of pages to open, not their list (the marks show which).
  function left(brief) {
    var box = el('div'), rule = data.completion || 'all-pages', p = el('p');
    if (complete()) {
      box.appendChild(el('p', 'You have completed this course.'));
      return box;
    }
    if (track.env.review) { // the status is the one the LMS holds: pages seen now change nothing
      box.appendChild(el('p', 'You are reviewing this course, so nothing you do now is recorded.'));
      return box;
    }
    var unseen = pages.map(function (_, i) { return i; }).filter(function (i) { return !track.isViewed(i); });
    var pass = A && rule !== 'all-pages';
    // "either": seeing every page completes the course only while no attempt has been made (docs/runtime.md).
    var byPages = rule === 'all-pages' || (rule === 'either' && track.bestScore() === null);
    if (pass) {
      p.appendChild(d.createTextNode('To complete this course, pass the '));
      p.appendChild(linkTo(nav.indexOf(A.page)));
      p.appendChild(d.createTextNode(' (you need ' + mastery() + '%)' + (byPages ? ', or open every page.' : '.')));
    } else {
      p.textContent = 'To complete this course, open every page.';
    }
    box.appendChild(p);
    if (byPages && unseen.length) {
      box.appendChild(el('p', (unseen.length === 1 ? 'One page is' : unseen.length + ' pages are') + ' still to open' + (brief ? '.' : ':')));
      if (brief) return box;
      var ul = el('ul');
      unseen.forEach(function (i) { ul.appendChild(el('li')).appendChild(linkTo(i)); });
      box.appendChild(ul);
    }
    return box;
  }

  function update() {
    var done = 0;
    [].forEach.call(contents.querySelectorAll('a[data-page]'), function (a) {
      var i = nav.indexOf(a.getAttribute('data-page')), s = stateOf(i);
      if (s === 'done') done++;
      a.setAttribute('data-state', s);
      role(a, 'state').textContent = STATE_TEXT[s];
    });
    var text = done + ' of ' + pages.length + ' pages done';
    role(contents, 'progress-text').textContent = text;
    d.getElementById('sb-progress').value = done;
    role(contents, 'progress-short').textContent = ' (' + done + ' of ' + pages.length + ' done)';
    var where = role(contents, 'left');
    where.textContent = '';
    where.appendChild(left(true));
    updateFinish();
  }

  // The finish screen: under the last page and under the assessment.
  function updateFinish() {
    if (!finish) return;
    var i = nav.index, show = i === sections.length - 1 || (i >= 0 && isAssessment(i));
    finish.hidden = !show;
    if (!show) return;
    var isComplete = complete(), status = track.status(), score = track.bestScore(), env = track.env;
    role(finish, 'finish-title').textContent = isComplete ? 'Course complete' : 'Before you finish';
    var box = role(finish, 'finish-left');
    box.textContent = '';
    if (!isComplete) box.appendChild(left());
    role(finish, 'finish-done').hidden = !isComplete;
    if (!isComplete) return;
    var scoreText = score !== null ? ', with a score of ' + score + '%' : '';
    role(finish, 'recorded').textContent = !env.lms
      ? 'This course is not connected to a learning system, so nothing has been recorded.'
      : env.review ? 'You are reviewing this course, so nothing new has been recorded.'
      : 'Your learning system has recorded this course as ' + status + scoreText + '.';
    role(finish, 'learner').textContent = learner || 'the learner';
    role(finish, 'certificate-result').textContent = score !== null ? 'with an assessment score of ' + score + '%' : '';
    role(finish, 'certificate-date').textContent = new Date().toLocaleDateString(d.documentElement.lang || 'en-GB',
      { day: 'numeric', month: 'long', year: 'numeric' });
  }

  // cmi.core.student_name is "Last, First" (RTE 3.4.2.1.2): shown as "First Last".
  function readName() {
    var name = SB.lms.get('cmi.core.student_name', true).trim(), parts = name.split(/\s*,\s*/);
    learner = parts.length === 2 && parts[0] && parts[1] ? parts[1] + ' ' + parts[0] : name;
  }

  function print() {
    var html = d.documentElement;
    html.classList.add('print-certificate');
    w.print();
    html.classList.remove('print-certificate');
  }
  if (finish) finish.querySelector('[data-action="print"]').addEventListener('click', print);
  SB.events.on('ready', function () { readName(); update(); });
  ['pageview', 'answer', 'assessment', 'complete'].forEach(function (name) { SB.events.on(name, update); });
  SB.progress = { update: update };
})(window, document);
