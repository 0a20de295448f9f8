/* scorm-builder runtime: questions — knowledge checks and the final assessment.
 *
 * The question markup is rendered by the builder (templates/question.html.j2) and works without
 * JavaScript as plain reading. This script adds checking, feedback, the assessment (draw, shuffle,
 * attempts, result) and reporting through ScormBuilder.tracking. Dependency-free ES2017 classic
 * script. Two parts:
 *   1. pure functions (no DOM, no LMS): scoring, SCORM response formats, compact saving, seeded
 *      shuffling. They are ScormBuilder.quiz, and the tests run them in node.
 *   2. the page: reading and writing answers in the form controls, feedback, the assessment flow.
 * A response is, by question type: single: option index or null; multiple: [indexes];
 * true-false: true/false/null; fill-in: text; matching: [right index or -1, per left item];
 * ordering: [item indexes in the learner's order]. Indexes are the author's order in the course.
 */
(function (w) {
  'use strict';
  var SB = w.ScormBuilder = w.ScormBuilder || {};

  /* ---------------------------------------------------------------- 1. pure functions */

  // SCORM 1.2 reports choices, items and matches as single characters 0-9, a-z (RTE 3.4.2.7.6);
  // the builder allows at most 26 per question. Matching sources use 1-9 then a-q, as in "1.a,2.b".
  var LETTERS = 'abcdefghijklmnopqrstuvwxyz';
  var SOURCES = '123456789abcdefghijklmnopq';
  // A fill-in answer is saved as at most the input's maxlength (templates/questions/fill-in.html.j2),
  // so the build can work out the largest suspend_data a course makes (builder/suspend_data.py).
  var MAX_FILL_IN = 255;
  // Our question types -> cmi.interactions.n.type (RTE 3.4.2.7.4).
  var INTERACTION_TYPES = { single: 'choice', multiple: 'choice', 'true-false': 'true-false',
                            'fill-in': 'fill-in', matching: 'matching', ordering: 'sequencing' };

  function range(n) { var list = []; for (var i = 0; i < n; i++) list.push(i); return list; }
  function letter(i) { return LETTERS.charAt(i); }
  function byNumber(a, b) { return a - b; }
  // Fill-in answers: case, surrounding spaces and runs of spaces do not matter.
  function normalise(text) { return String(text == null ? '' : text).trim().replace(/\s+/g, ' ').toLowerCase(); }
  function isInOrder(list, count) {
    if (!Array.isArray(list) || list.length !== count) return false;
    for (var i = 0; i < count; i++) if (list[i] !== i) return false;
    return true;
  }
  function sameSet(a, b) {
    return Array.isArray(a) && a.length === b.length && a.slice().sort(byNumber).join() === b.slice().sort(byNumber).join();
  }

  function isAnswered(q, r) {
    switch (q.type) {
      case 'single': return typeof r === 'number' && r >= 0;
      case 'multiple': return Array.isArray(r) && r.length > 0;
      case 'true-false': return r === true || r === false;
      case 'fill-in': return normalise(r) !== '';
      case 'matching': return Array.isArray(r) && r.some(function (v) { return v >= 0; });
      case 'ordering': return Array.isArray(r) && r.length === q.count; // the shown order is an answer
    }
    return false;
  }

  // THE scoring rule, for every question type. q is the question's entry in sb-data.
  function score(q, r) {
    var answered = isAnswered(q, r), correct = false;
    if (answered) {
      switch (q.type) {
        case 'single': correct = q.correct.length === 1 && r === q.correct[0]; break;
        case 'multiple': correct = sameSet(r, q.correct); break;
        case 'true-false': correct = r === q.correct; break;
        case 'fill-in': correct = q.correct.some(function (a) { return normalise(a) === normalise(r); }); break;
        case 'matching': case 'ordering': correct = isInOrder(r, q.count); break; // pair i = left i + right i
      }
    }
    return { correct: correct, answered: answered };
  }

  // What cmi.interactions.n records (RTE 3.4.2.7): type, student_response and the correct pattern.
  // choice "a,c"; true-false "t"/"f"; fill-in the text; matching "1.b,2.a"; sequencing "c,a,b".
  function interaction(q, r) {
    var answered = isAnswered(q, r), response = null, pattern = '';
    var letters = function (list) { return list.map(letter).join(','); };
    var match = function (left, right) { return SOURCES.charAt(left) + '.' + letter(right); };
    switch (q.type) {
      case 'single': case 'multiple':
        pattern = letters(q.correct);
        if (answered) response = letters(q.type === 'single' ? [r] : r.slice().sort(byNumber));
        break;
      case 'true-false':
        pattern = q.correct ? 't' : 'f';
        if (answered) response = r ? 't' : 'f';
        break;
      case 'fill-in':
        pattern = q.correct[0]; // the builder keeps every accepted answer within 255 characters
        if (answered) response = savedText(String(r).trim()); // line separators: an LMS refuses them (CMIFeedback)
        break;
      case 'matching':
        pattern = range(q.count).map(function (i) { return match(i, i); }).join(',');
        if (answered) response = r.map(function (v, i) { return v >= 0 ? match(i, v) : ''; }).filter(Boolean).join(',');
        break;
      case 'ordering':
        pattern = letters(range(q.count));
        if (answered) response = letters(r);
        break;
    }
    return { type: INTERACTION_TYPES[q.type], response: response, pattern: pattern };
  }

  // Compact text for cmi.suspend_data (4096 characters for everything, RTE 3.4.2.5):
  // single "b", multiple "ac", true-false "t", fill-in the text, matching "ba-" (- = no match), ordering "cab".
  function pack(q, r) {
    if (!isAnswered(q, r)) return '';
    switch (q.type) {
      case 'single': return letter(r);
      case 'multiple': return r.slice().sort(byNumber).map(letter).join('');
      case 'true-false': return r ? 't' : 'f';
      case 'fill-in': return savedText(r);
      case 'matching': return r.map(function (v) { return v >= 0 ? letter(v) : '-'; }).join('');
      case 'ordering': return r.map(letter).join('');
    }
    return '';
  }
  // Fill-in text as saved and as sent: MAX_FILL_IN characters at most, and control characters or half
  // a surrogate pair (which JSON.stringify spells as 6-character \uXXXX escapes) become spaces, so no
  // character takes more than 2 in suspend_data ('"' and '\' are escaped as \" and \\). So do the line
  // and paragraph separators a paste can bring: a text box keeps them, but a one-line CMI value
  // cannot hold them (scorm-again refuses student_response with error 405).
  function savedText(r) {
    return String(r).slice(0, MAX_FILL_IN).replace(/[\ud800-\udbff][\udc00-\udfff]|[\u0000-\u001f\u2028\u2029\ud800-\udfff]/g,
      function (c) { return c.length === 2 ? c : ' '; });
  }
  // The inverse of pack; null when the text does not fit the question (the course changed since).
  function unpack(q, s) {
    if (typeof s !== 'string' || s === '') return null;
    if (q.type === 'fill-in') return s;
    if (q.type === 'true-false') return s === 't' ? true : s === 'f' ? false : null;
    var list = s.split('').map(function (c) { return c === '-' ? -1 : LETTERS.indexOf(c); });
    var fits = list.every(function (v) { return v < q.count && (v >= 0 || (v === -1 && q.type === 'matching')); });
    if (!fits) return null;
    if (q.type === 'single') return list.length === 1 ? list[0] : null;
    if (q.type === 'multiple') return list;
    if (q.type === 'matching') return list.length === q.count ? list : null;
    if (q.type === 'ordering') return sameSet(list, range(q.count)) ? list : null;
    return null;
  }

  // Seeded randomness, so an attempt's option order is the same after a resume (mulberry32).
  function random(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6D2B79F5) >>> 0;
      var t = Math.imul(a ^ (a >>> 15), a | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  function hash(text) { // FNV-1a, 32 bits
    var h = 2166136261;
    for (var i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
    return h >>> 0;
  }
  function shuffle(list, rand) { // Fisher-Yates, on a copy
    list = list.slice();
    for (var i = list.length - 1; i > 0; i--) {
      var j = Math.floor(rand() * (i + 1)), t = list[i];
      list[i] = list[j];
      list[j] = t;
    }
    return list;
  }
  // A shuffled 0..count-1; notInOrder: never the right order (for ordering questions).
  function permutation(count, seed, notInOrder) {
    var order = shuffle(range(count), random(seed));
    if (notInOrder && count > 1 && isInOrder(order, count)) order.push(order.shift());
    return order;
  }
  // Pick `draw` of the bank's questions (indexes, kept in page order).
  function drawQuestions(bankSize, draw, rand) {
    return shuffle(range(bankSize), rand || Math.random).slice(0, Math.min(draw || bankSize, bankSize)).sort(byNumber);
  }
  // Assessment score: percent of the drawn questions answered correctly, a whole number.
  function percent(results) {
    if (!results.length) return 0;
    return Math.round(100 * results.filter(function (r) { return r.correct; }).length / results.length);
  }

  SB.quiz = { score: score, interaction: interaction, isAnswered: isAnswered, pack: pack, unpack: unpack,
              normalise: normalise, permutation: permutation, drawQuestions: drawQuestions, percent: percent,
              random: random, hash: hash };

  /* ---------------------------------------------------------------- 2. the page */

  var d = w.document, data = SB.data, track = SB.tracking;
  if (!d || !data || !track) return; // loaded on its own (the tests of part 1)
  var questions = data.questions || {};
  var A = data.assessment; // null when the course has no assessment page
  var MESSAGES = {
    correct: 'Correct.',
    incorrect: 'Incorrect.',
    notAnswered: 'Not answered.',
    // Multiple choice, some but not all right: never "Incorrect." above a "Yes..." for a right choice.
    partly: function (hits, chosen, missed) {
      return 'Partly right. ' + hits + ' of your ' + chosen + ' choices ' + (hits === 1 ? 'is' : 'are') + ' right' +
        (missed ? '; ' + missed + ' right answer' + (missed === 1 ? ' is' : 's are') + ' missing.' : '.');
    },
    choice: function (right, text) { return (right ? 'Right choice: \u201c' : 'Not right: \u201c') + text.replace(/[.!?]$/, '') + '\u201d.'; },
    yourAnswer: 'Your answer:',
    none: 'none',
    showAnswer: 'Show the right answer',
    hideAnswer: 'Hide the right answer',
    answerFirst: 'Choose or type an answer first, then check it.',
    moved: function (text, at, of) { return text + ' is now number ' + at + ' of ' + of + '.'; },
    number: function (at, of) { return 'Question ' + at + ' of ' + of + '. '; },
    unanswered: function (n, of) {
      return 'You have not answered ' + n + ' of the ' + of + ' questions. Answer ' + (n === 1 ? 'it' : 'them') +
        ', or select Submit assessment again to submit anyway.';
    },
    score: function (pc) { return 'Your result: ' + pc + '%'; },
    rightOf: function (c, of) { return 'You answered ' + c + ' of ' + of + ' questions correctly.'; },
    passed: 'You passed. Well done.',
    failed: function (mark) { return 'You did not pass this time. You need ' + mark + '% to pass.'; },
    attemptsLeft: function (n) { return 'You have ' + n + ' attempt' + (n === 1 ? '' : 's') + ' left.'; },
    noAttempts: function (n) {
      return 'You have used all ' + n + ' attempt' + (n === 1 ? '' : 's') + '. Please contact your learning team for help.';
    },
    anyAttempts: 'You can try again as many times as you like.',
    review: function (show) {
      return 'Each question below now says whether your answer was correct' + (show ? ', and shows the right answer.' : '.');
    },
    retry: 'Try again'
  };
  SB.quiz.messages = MESSAGES;

  function formOf(id) { return d.getElementById('q-' + id); }
  function all(root, selector) { return [].slice.call(root.querySelectorAll(selector)); }
  function role(root, name) { return root && root.querySelector('[data-role="' + name + '"]'); }
  function idOf(form) { return form.getAttribute('data-question'); }
  function now() { return Date.now(); }

  // --- reading and writing answers in the form controls

  function readResponse(form, q) {
    switch (q.type) {
      case 'single': {
        var on = form.querySelector('input:checked');
        return on ? Number(on.value) : null;
      }
      case 'multiple': return all(form, 'input:checked').map(function (i) { return Number(i.value); }).sort(byNumber);
      case 'true-false': {
        var tf = form.querySelector('input:checked');
        return tf ? tf.value === 'true' : null;
      }
      case 'fill-in': return form.querySelector('input[type="text"]').value;
      case 'matching': return all(form, 'select[data-left]').map(function (s) { return s.value === '' ? -1 : Number(s.value); });
      case 'ordering': return all(form, 'li[data-item]').map(function (li) { return Number(li.getAttribute('data-item')); });
    }
    return null;
  }

  // r = null clears the controls (ordering goes back to `order`, the starting order).
  function writeResponse(form, q, r, order) {
    switch (q.type) {
      case 'single': case 'multiple': case 'true-false':
        all(form, 'input').forEach(function (input) {
          var v = q.type === 'true-false' ? input.value === 'true' : Number(input.value);
          input.checked = r !== null && (Array.isArray(r) ? r.indexOf(v) >= 0 : r === v);
        });
        break;
      case 'fill-in': form.querySelector('input[type="text"]').value = r === null ? '' : r; break;
      case 'matching':
        all(form, 'select[data-left]').forEach(function (s, i) { s.value = r && r[i] >= 0 ? String(r[i]) : ''; });
        break;
      case 'ordering':
        arrange(form.querySelector('[data-role="items"]'), 'data-item', r || order);
        updateMoveButtons(form);
        break;
    }
  }

  // Put the children of `parent` carrying `attr` in the order of `values` (others stay first).
  function arrange(parent, attr, values) {
    if (!parent || !values) return;
    var byValue = {};
    all(parent, ':scope > [' + attr + ']').forEach(function (el) { byValue[el.getAttribute(attr)] = el; });
    values.forEach(function (v) { if (byValue[v]) parent.appendChild(byValue[v]); });
  }

  function setLocked(form, locked) {
    all(form, 'input, select, button').forEach(function (el) { el.disabled = locked; });
    if (!locked) updateMoveButtons(form);
  }

  // --- feedback, in the live region under each question

  function paragraph(parent, text, className) {
    if (!text) return;
    var p = d.createElement('p');
    if (className) p.className = className;
    p.textContent = text;
    parent.appendChild(p);
  }
  function labelText(form, selector) {
    var el = form.querySelector(selector);
    return el ? el.textContent.replace(/\s+/g, ' ').trim() : '';
  }
  // The learner's answer in words, for the review: one line, or a list (multiple, matching, ordering).
  function answerWords(form, q, r) {
    if (!isAnswered(q, r)) return MESSAGES.none;
    switch (q.type) {
      case 'single': case 'multiple':
        return [].concat(r).map(function (i) { return labelText(form, 'label[for="' + form.id + '-o' + i + '"]'); });
      case 'true-false': return r ? 'True' : 'False';
      case 'fill-in': return String(r);
      case 'matching':
        return r.map(function (v, i) {
          return [labelText(form, 'label[for="' + form.id + '-m' + i + '"]'), v >= 0 ? labelText(form, 'select option[value="' + v + '"]') : MESSAGES.none, v === i];
        });
      case 'ordering':
        return r.map(function (i) { return labelText(form, 'li[data-item="' + i + '"] .order-text'); });
    }
    return '';
  }
  function showYourAnswer(box, form, q, r) {
    var words = answerWords(form, q, r), p = box.appendChild(d.createElement('p'));
    p.className = 'your-answer';
    p.appendChild(d.createElement('span')).className = 'answer-label';
    p.firstChild.textContent = MESSAGES.yourAnswer + ' ';
    if (!Array.isArray(words) || q.type === 'single') return (p.appendChild(d.createElement('strong')).textContent = [].concat(words).join(''));
    var list = box.appendChild(d.createElement(q.type === 'ordering' ? 'ol' : 'ul'));
    if (q.type === 'matching') list.className = 'pairs';
    words.forEach(function (w) {
      var li = list.appendChild(d.createElement('li'));
      if (!Array.isArray(w)) return (li.textContent = w);
      li.className = w[2] ? 'is-right' : 'is-wrong'; // each match marked, in words too
      li.appendChild(d.createElement('span')).className = 'pair-left';
      li.firstChild.textContent = w[0];
      li.appendChild(d.createTextNode(' '));
      var right = li.appendChild(d.createElement('span'));
      right.className = 'pair-right';
      right.textContent = w[1] + (w[2] ? ' (right)' : ' (not right)');
    });
  }
  // review: the assessment after submitting (the answer in words; the controls are hidden by CSS).
  function showFeedback(form, q, r, result, review) {
    var box = d.getElementById(form.id + '-feedback');
    clearFeedback(form);
    form.classList.add(result.correct ? 'is-correct' : 'is-incorrect');
    var chosen = result.answered ? [].concat(r) : [], right = [].concat(q.correct);
    var hits = chosen.filter(function (i) { return right.indexOf(i) >= 0; }).length;
    var partly = q.type === 'multiple' && !result.correct && hits > 0;
    form.classList.toggle('is-partly', partly);
    paragraph(box, result.correct ? MESSAGES.correct : partly ? MESSAGES.partly(hits, chosen.length, right.length - hits) :
      result.answered ? MESSAGES.incorrect : MESSAGES.notAnswered, 'question-verdict' + (partly ? ' is-partly' : ''));
    if (review) showYourAnswer(box, form, q, r);
    // What the author wrote for each chosen option (multiple: each marked right or not), then for the question.
    if (q.optionFeedback) {
      chosen.forEach(function (i) {
        var fb = q.optionFeedback[i] || '';
        if (q.type !== 'multiple') return paragraph(box, fb);
        var ok = right.indexOf(i) >= 0;
        paragraph(box, MESSAGES.choice(ok, labelText(form, 'label[for="' + form.id + '-o' + i + '"]')) + (fb ? ' ' + fb : ''), ok ? 'is-right' : 'is-wrong');
      });
    }
    var fb = q.feedback || {};
    paragraph(box, result.correct ? fb.correct : fb.incorrect);
    var button = form.querySelector('[data-action="answer"]');
    if (button) button.hidden = result.correct;
    return box;
  }
  function toggleAnswer(form, button) {
    var box = d.getElementById(form.id + '-answer'), open = box.hidden;
    box.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    button.textContent = open ? MESSAGES.hideAnswer : MESSAGES.showAnswer;
  }
  function clearFeedback(form) {
    var box = d.getElementById(form.id + '-feedback');
    if (box) box.textContent = '';
    form.classList.remove('is-correct', 'is-incorrect', 'is-partly');
    var answer = d.getElementById(form.id + '-answer'), button = form.querySelector('[data-action="answer"]');
    if (answer) answer.hidden = true;
    if (button) {
      button.hidden = true;
      button.setAttribute('aria-expanded', 'false');
      button.textContent = MESSAGES.showAnswer;
    }
  }
  function say(box, text) { if (box) box.textContent = text || ''; }
  function focus(el) {
    if (!el) return;
    if (!el.hasAttribute('tabindex') && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) el.setAttribute('tabindex', '-1');
    try { el.focus(); } catch (e) { /* ignore */ }
  }

  // --- ordering: Move up / Move down

  function updateMoveButtons(form) {
    var items = all(form, 'li[data-item]');
    items.forEach(function (li, i) {
      var locked = form.getAttribute('data-locked') === 'true';
      li.querySelector('[data-action="up"]').disabled = locked || i === 0;
      li.querySelector('[data-action="down"]').disabled = locked || i === items.length - 1;
    });
  }
  function move(button) {
    var li = button.closest('li[data-item]'), form = button.closest('form');
    var up = button.getAttribute('data-action') === 'up';
    var sibling = up ? li.previousElementSibling : li.nextElementSibling;
    if (!sibling) return;
    li.parentNode.insertBefore(li, up ? sibling : sibling.nextElementSibling);
    updateMoveButtons(form);
    // Keep focus on the item that moved; at the top or bottom, on its other button.
    focus(button.disabled ? li.querySelector('[data-action="' + (up ? 'down' : 'up') + '"]') : button);
    var items = all(form, 'li[data-item]');
    say(role(form, 'announce'), MESSAGES.moved(li.querySelector('.order-text').textContent, items.indexOf(li) + 1, items.length));
    changed(form);
  }

  // --- timing, for cmi.interactions.n.latency: from first touching a question to answering it

  var touched = {}; // id -> {first: ms, last: ms, changed: answered in this session}
  function touch(form, isChange) {
    var id = idOf(form), t = touched[id] || (touched[id] = { first: now(), last: now() });
    if (isChange) { t.last = now(); t.changed = true; }
  }
  // An answer kept from an earlier session has no known latency (it is not 0 because the learner
  // tabbed past it before submitting): none is sent.
  function latency(id, end) {
    var t = touched[id];
    return t && t.changed ? Math.max(0, ((end || now()) - t.first) / 1000) : null;
  }

  // --- reporting one answer

  function report(id, q, r, result, answeredAt) {
    var i = interaction(q, r);
    track.recordInteraction({ id: id, type: i.type, response: i.response, correct: i.pattern,
                              result: result.correct, latencySeconds: latency(id, answeredAt) });
    SB.events.emit('answer', { id: id, type: q.type, scored: !!q.scored, correct: result.correct,
                               answered: result.answered, response: i.response });
  }

  // --- knowledge checks: feedback only, never part of the score

  function check(form) {
    var id = idOf(form), q = questions[id], r = readResponse(form, q), result = score(q, r);
    var box = d.getElementById(form.id + '-feedback');
    if (!result.answered) {
      clearFeedback(form);
      say(box, MESSAGES.answerFirst);
      return focus(box);
    }
    touch(form, true);
    track.saveAnswer(id, pack(q, r));
    report(id, q, r, result);
    focus(showFeedback(form, q, r, result));
  }

  // --- the assessment

  var bank = A ? A.questions : [];
  var bankHash = hash(bank.join(' ')).toString(36); // a saved attempt only fits the same question bank
  var startPanel = d.querySelector('[data-assessment="start"]'), endPanel = d.querySelector('[data-assessment="end"]');
  // Saved in suspend_data: {b: bank hash, t: attempts used, d: drawn bank indexes, s: shuffle seed,
  // f: 1 once submitted, r: last score, c: questions right}. null = never started.
  var quiz = null, confirmSubmit = false, startOrder = {};

  function drawnIds() { return quiz && quiz.d ? quiz.d.map(function (i) { return bank[i]; }) : []; }
  function attemptsLeft() { return A.attempts ? A.attempts - (quiz ? quiz.t : 0) : Infinity; }
  function inProgress() { return !!quiz && quiz.f === 0 && quiz.d.length > 0; }
  function save() { track.setQuizState(quiz); }
  function masteryScore() { var m = track.masteryScore(); return m === null ? A.passMark : m; }

  function validSaved(saved) {
    return saved && typeof saved === 'object' && saved.b === bankHash && Array.isArray(saved.d) &&
      saved.d.every(function (i) { return i >= 0 && i < bank.length; });
  }

  // The option order for this attempt: shuffled with the attempt's seed when the author asked for it.
  function arrangeForAttempt(id) {
    var form = formOf(id), q = questions[id], seed = (quiz.s ^ hash(id)) >>> 0;
    var count = q.count || 0;
    var order = A.shuffle ? permutation(count, seed, q.type === 'ordering') : startOrder[id];
    if (q.type === 'single' || q.type === 'multiple') arrange(role(form, 'options'), 'data-index', order || range(count));
    if (q.type === 'matching') all(form, 'select[data-left]').forEach(function (s) { arrange(s, 'value', order.map(String)); });
    return q.type === 'ordering' ? order.map(String) : null;
  }

  function render() {
    var drawn = drawnIds(), submitted = !!quiz && quiz.f === 1, looking = track.env.review && !submitted;
    bank.forEach(function (id) { formOf(id).hidden = drawn.indexOf(id) < 0 || looking; });
    drawn.forEach(function (id, n) {
      var form = formOf(id), q = questions[id], r = unpack(q, track.getAnswer(id));
      say(role(form, 'number'), MESSAGES.number(n + 1, drawn.length));
      writeResponse(form, q, r, arrangeForAttempt(id));
      form.setAttribute('data-locked', submitted ? 'true' : 'false');
      setLocked(form, submitted);
      form.classList.toggle('is-review', submitted);
      if (!submitted) return clearFeedback(form);
      var result = score(q, r);
      showFeedback(form, q, r, result, true);
      var answer = d.getElementById(form.id + '-answer');
      if (answer && A.showAnswers) answer.hidden = false;
    });
    if (endPanel) endPanel.hidden = !inProgress() || track.env.review;
    say(role(endPanel, 'submit-status'), '');
    renderResult(submitted);
  }

  function renderResult(submitted) {
    var result = role(startPanel, 'result'), start = startPanel.querySelector('[data-action="start"]');
    result.hidden = !submitted;
    var passed = submitted && quiz.r >= masteryScore(), left = attemptsLeft(), could = !passed && left > 0;
    // Review or browse mode (RTE 3.4.2.1.10; Moodle reopens a failed course in review): an attempt
    // would not be recorded, so none is offered; a pass it showed would be a false promise.
    start.hidden = inProgress() || !could || track.env.review;
    role(startPanel, 'review-only').hidden = !(could && track.env.review);
    start.textContent = submitted ? MESSAGES.retry : 'Start assessment';
    if (!submitted) return;
    say(role(result, 'result-title'), MESSAGES.score(quiz.r));
    say(role(result, 'result-score'), typeof quiz.c === 'number' ? MESSAGES.rightOf(quiz.c, quiz.d.length) : '');
    say(role(result, 'result-verdict'), passed ? MESSAGES.passed : MESSAGES.failed(masteryScore()));
    say(role(result, 'result-attempts'), passed ? '' : left === Infinity ? MESSAGES.anyAttempts :
      left > 0 ? MESSAGES.attemptsLeft(left) : MESSAGES.noAttempts(A.attempts));
    say(role(result, 'result-review'), MESSAGES.review(A.showAnswers));
  }

  function start() {
    if (attemptsLeft() <= 0) return;
    bank.forEach(function (id) {
      if (track.getAnswer(id) !== undefined) track.saveAnswer(id, undefined); // forget the last attempt
      delete touched[id];
    });
    quiz = { b: bankHash, t: quiz ? quiz.t : 0, d: drawQuestions(bank.length, A.draw), s: Math.floor(Math.random() * 2147483647),
             f: 0, r: quiz ? quiz.r : null, c: null };
    confirmSubmit = false;
    save();
    render();
    var first = formOf(drawnIds()[0]);
    focus(first && first.querySelector('input, select, button'));
  }

  function submit() {
    var ids = drawnIds(), at = now();
    var responses = ids.map(function (id) { return readResponse(formOf(id), questions[id]); });
    var results = ids.map(function (id, i) { return score(questions[id], responses[i]); });
    // An ordering question left as first shown is unanswered, though its order would be scored.
    var unanswered = ids.filter(function (id, i) {
      return !results[i].answered || (questions[id].type === 'ordering' && track.getAnswer(id) === undefined);
    }).length;
    if (unanswered && !confirmSubmit) {
      confirmSubmit = true; // a second press submits anyway
      return say(role(endPanel, 'submit-status'), MESSAGES.unanswered(unanswered, ids.length));
    }
    ids.forEach(function (id, i) {
      track.saveAnswer(id, pack(questions[id], responses[i]));
      report(id, questions[id], responses[i], results[i], (touched[id] || {}).last || at);
    });
    var pc = percent(results);
    quiz.f = 1;
    quiz.t += 1;
    quiz.r = pc;
    quiz.c = results.filter(function (r) { return r.correct; }).length;
    save();
    // Score, then status: tracking writes cmi.core.score.raw before cmi.core.lesson_status (RTE 3.4.2.2).
    var outcome = track.setAssessmentResult(pc);
    render();
    SB.events.emit('assessment', { score: pc, best: outcome.best, passed: pc >= masteryScore(), status: outcome.status,
                                   attempt: quiz.t, attemptsLeft: attemptsLeft() === Infinity ? null : attemptsLeft(),
                                   correct: quiz.c, questions: ids.length });
    focus(role(startPanel, 'result-title'));
  }

  function changed(form) {
    touch(form, true);
    var id = idOf(form), q = questions[id];
    if (!q || !q.scored || !inProgress()) return;
    confirmSubmit = false;
    say(role(endPanel, 'submit-status'), ''); // "You have not answered ..." may no longer be true
    track.saveAnswer(id, pack(q, readResponse(form, q))); // so a resume restores unsubmitted answers
  }

  // --- wiring

  function setUp() {
    all(d, 'form[data-question]').forEach(function (form) {
      var id = idOf(form), q = questions[id];
      if (!q) return;
      if (q.type === 'matching') startOrder[id] = all(form.querySelector('select'), 'option[value]:not([value=""])').map(function (o) { return Number(o.value); });
      if (q.type === 'ordering') startOrder[id] = readResponse(form, q);
      updateMoveButtons(form);
      form.addEventListener('submit', function (ev) {
        ev.preventDefault(); // never sent anywhere: Enter in a text box checks (or does nothing in the assessment)
        if (!q.scored) check(form);
      });
      form.addEventListener('change', function () { changed(form); });
      form.addEventListener('focusin', function () { touch(form, false); });
      form.addEventListener('click', function (ev) {
        var button = ev.target.closest('button[data-action]'), action = button && button.getAttribute('data-action');
        if (action === 'answer') toggleAnswer(form, button);
        else if ((action === 'up' || action === 'down') && !button.disabled) move(button);
      });
    });
    if (!A || !startPanel) return;
    startPanel.querySelector('[data-action="start"]').addEventListener('click', start);
    endPanel.querySelector('[data-action="submit"]').addEventListener('click', submit);
    render();
  }

  // Once the LMS session is open: put back saved answers and the assessment, unless the learner
  // has already started answering in this session (the LMS can take a few seconds to appear).
  track.onRestore(function (restored) {
    var answers = restored.answers || {};
    Object.keys(answers).forEach(function (id) {
      var q = questions[id], form = formOf(id);
      if (!q || q.scored || !form || touched[id]) return;
      var r = unpack(q, answers[id]);
      if (r !== null) writeResponse(form, q, r, startOrder[id]);
    });
    if (!A || !startPanel || quiz) return;
    var saved = restored.quiz;
    if (validSaved(saved)) quiz = saved;
    else if (saved && typeof saved.t === 'number') quiz = { b: bankHash, t: saved.t, d: [], s: 0, f: 0, r: saved.r, c: null }; // new bank: keep attempts used
    if (quiz || track.env.review) render();
  });

  setUp();
})(window);
