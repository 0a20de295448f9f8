/* scorm-builder runtime: wires navigation to tracking, finds the LMS, finishes on exit. */
(function (w, d) {
  'use strict';
  var SB = w.ScormBuilder, lms = SB.lms, track = SB.tracking, nav = SB.nav;
  var banner = d.getElementById('sb-banner');
  var MESSAGES = {
    noLms: 'Your progress will not be saved. This course could not connect to your learning system, ' +
      'so if you close it you will have to start again. You can still read every page and answer the questions.',
    saveFailed: 'Your latest progress could not be saved yet. Keep this window open: we are trying again.',
    saved: 'Your progress has been saved. You can now close this window.',
    notSaved: 'Your progress could not be saved. Please tell your learning team.',
    endTitle: 'Your progress has been saved',
    endTitleFailed: 'Your progress may not have been saved',
    endClose: 'You can now close this window.',
    endReopen: 'When you open the course again, it will open on the page you were on.',
    endPages: function (seen, total) { return 'Pages seen: ' + seen + ' of ' + total + '.'; },
    endStatus: function (status, score) {
      var words = { passed: 'passed', failed: 'not passed yet', completed: 'completed', incomplete: 'not finished yet' };
      return 'Your learning system has recorded this course as ' + (words[status] || 'not finished yet') +
        (typeof score === 'number' ? ', with your best assessment result of ' + score + '%' : '') + '.';
    },
    exitNoLms: 'This course is not connected to a learning system, so your progress has not been saved. You can now close this window.'
  };
  SB.messages = MESSAGES;
  function say(text) {
    // The same words again (a retry that failed again) would be read out again: leave them.
    if (!banner || banner.textContent === (text || '')) return;
    banner.textContent = text || '';
    banner.hidden = !text;
  }
  SB.say = say;

  nav.onChange(function (id) { track.pageViewed(id); });
  // Saving failed: say so until a retry (tracking.js retries with back-off) succeeds.
  track.onsave = function (ok) {
    if (!ok) say(MESSAGES.saveFailed);
    else if (banner && banner.textContent === MESSAGES.saveFailed) say('');
  };
  nav.start();

  var timeout = isFinite(SB.data.lms.findTimeoutMs) ? SB.data.lms.findTimeoutMs : 5000;
  lms.find(timeout, function (found) {
    var info = { lms: false, resumed: false, entry: '', mode: '', credit: '', status: '', page: nav.currentId() };
    if (found && lms.initialize()) {
      var restored = track.connect(nav.currentId(), !nav.userMoved);
      // Reopen the page the learner was on, unless they have already moved on themselves.
      if (restored.resumed && restored.location && !nav.userMoved) nav.show(restored.location, { source: 'restore' });
      var env = track.env;
      info = { lms: true, resumed: restored.resumed, entry: env.entry, mode: env.mode,
               credit: env.noCredit ? 'no-credit' : 'credit', status: env.status, page: nav.currentId() };
    } else {
      say(MESSAGES.noLms);
    }
    SB.ready = info;
    SB.events.emit('ready', info);
  });

  // RTE 3.4.3.2: LMSFinish once, when the learner leaves. We saved on every change already,
  // so nothing is lost if the LMS ignores calls made while the window is closing.
  function finish() { return track.finish(); }

  // After Save and exit the session is over: the course view is replaced by a final screen, so
  // nothing done afterwards can show a result the LMS will not have. It is at the top of the
  // window and focused, wherever the learner had scrolled to.
  function endScreen(ok) {
    var env = track.env, screen = d.createElement('main');
    screen.id = 'sb-ended';
    screen.className = 'ended';
    screen.setAttribute('tabindex', '-1');
    var lines = ok ? [MESSAGES.endPages(track.viewedCount(), SB.data.pages.length),
                      env.review ? '' : MESSAGES.endStatus(env.status, track.state.score),
                      MESSAGES.endReopen, MESSAGES.endClose]
                   : [MESSAGES.notSaved, MESSAGES.endClose];
    var h1 = d.createElement('h1');
    h1.textContent = ok ? MESSAGES.endTitle : MESSAGES.endTitleFailed;
    screen.appendChild(h1);
    lines.forEach(function (text) {
      if (!text) return;
      var para = d.createElement('p');
      para.textContent = text;
      screen.appendChild(para);
    });
    // Keep the header (course title, council's brand: no controls); everything else goes.
    [].slice.call(d.body.children).forEach(function (el) {
      if (el.tagName !== 'SCRIPT' && !el.classList.contains('site-header')) { el.hidden = true; el.style.display = 'none'; }
    });
    screen.style.gridColumn = '2 / 4'; // on wide screens, the contents column is empty now: use it too
    say('');
    d.body.appendChild(screen);
    d.title = h1.textContent;
    w.scrollTo(0, 0);
    screen.focus();
  }
  var exit = d.getElementById('sb-exit');
  if (exit) exit.addEventListener('click', function () {
    if (!lms.available) return say(MESSAGES.exitNoLms);
    if (track.isFinished()) return;
    endScreen(finish());
  });
  w.addEventListener('pagehide', function () { track.flush(); finish(); });
  // Back from the browser's page cache after LMSFinish: the session is over, say so.
  w.addEventListener('pageshow', function (ev) { if (ev.persisted && track.isFinished() && !d.getElementById('sb-ended')) endScreen(true); });
  w.addEventListener('unload', finish);
  d.addEventListener('visibilitychange', function () { if (d.visibilityState === 'hidden') track.flush(); });
})(window, document);
