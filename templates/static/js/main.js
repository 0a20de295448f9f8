/* scorm-builder runtime: wires navigation to tracking, finds the LMS, finishes on exit. */
(function (w, d) {
  'use strict';
  var SB = w.ScormBuilder, lms = SB.lms, track = SB.tracking, nav = SB.nav;
  var banner = d.getElementById('sb-banner');
  var MESSAGES = {
    noLms: 'Your progress will not be saved. This course could not connect to your learning system, ' +
      'so if you close it you will have to start again. You can still read every page and answer the questions.',
    saveFailed: 'Your latest progress could not be saved. Keep this window open: we will try again when you move on.',
    saved: 'Your progress has been saved. You can now close this window.',
    notSaved: 'Your progress could not be saved. Please tell your learning team.',
    exitNoLms: 'This course is not connected to a learning system, so your progress has not been saved. You can now close this window.'
  };
  SB.messages = MESSAGES;
  function say(text) {
    if (!banner) return;
    banner.textContent = text || '';
    banner.hidden = !text;
  }
  SB.say = say;

  nav.onChange(function (id) { track.pageViewed(id); });
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
  var exit = d.getElementById('sb-exit');
  if (exit) exit.addEventListener('click', function () {
    if (!lms.available) return say(MESSAGES.exitNoLms);
    if (track.isFinished()) return say(MESSAGES.saved);
    say(finish() ? MESSAGES.saved : MESSAGES.notSaved);
  });
  w.addEventListener('pagehide', finish);
  w.addEventListener('unload', finish);
  d.addEventListener('visibilitychange', function () { if (d.visibilityState === 'hidden') track.flush(); });
})(window, document);
