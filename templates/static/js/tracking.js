/* scorm-builder runtime: learner progress and what the LMS is told. Saves on every change
 * (throttled LMSCommit): many LMSs lose data written while the window closes. docs/runtime.md */
(function (w) {
  'use strict';
  var SB = w.ScormBuilder, lms = SB.lms, data = SB.data, cfg = data.lms;
  var VERSION = 1, MAX_SUSPEND = 4096; // RTE 3.4.2.5: cmi.suspend_data is CMIString4096
  var RANK = { passed: 3, completed: 2, failed: 1 };
  var st = { viewed: [], answers: {}, quiz: null, score: null }; // score = best assessment result
  var env = { lms: false, review: false, noCredit: false, entry: '', status: '', exit: null,
              mastery: null, interactions: [], scoreKids: [], count: 0, resumed: false };
  var written = { suspend: null, score: null, location: null };
  var restoreFns = [], restored = null, completeSent = false, finished = false;
  var commitTimer = null, lastCommit = 0, startedAt = Date.now(), current = null;
  var t = SB.tracking = { env: env, state: st };

  function pages() { return data.pages; }
  function pageIndex(id) {
    for (var i = 0; i < pages().length; i++) if (pages()[i].id === id) return i;
    return -1;
  }
  function pad(n, len) { n = String(n); while (n.length < len) n = '0' + n; return n; }
  // RTE 3.4.2 CMITimespan: HHHH:MM:SS.SS (hours 2-4 digits, optional 1-2 decimal places).
  function timespan(seconds) {
    var cs = Math.min(Math.round(Math.max(0, seconds || 0) * 100), 359999999);
    var h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, s = Math.floor(cs / 100) % 60;
    return pad(h, 4) + ':' + pad(m, 2) + ':' + pad(s, 2) + '.' + pad(cs % 100, 2);
  }
  t.timespan = timespan;

  // Viewed pages as a hex bitmask by page INDEX: 4 pages per character, page 0 = lowest bit.
  function encodeBits(flags) {
    var s = '';
    for (var i = 0; i < pages().length; i += 4) {
      var n = 0;
      for (var b = 0; b < 4; b++) if (flags[i + b]) n |= 1 << b;
      s += n.toString(16);
    }
    return s.replace(/0+$/, '');
  }
  function decodeBits(s) {
    var flags = [];
    for (var i = 0; i < s.length; i++) {
      var n = parseInt(s.charAt(i), 16) || 0;
      for (var b = 0; b < 4; b++) if (n & (1 << b)) flags[i * 4 + b] = true;
    }
    return flags;
  }

  // suspend_data: {v:1, n:pageCount, p:bitmask, s:bestScore, a:{qid:answer}, q:quizState}
  function encode() {
    var o = { v: VERSION, n: pages().length, p: encodeBits(st.viewed) };
    if (st.score !== null) o.s = st.score;
    if (Object.keys(st.answers).length) o.a = st.answers;
    if (st.quiz !== null) o.q = st.quiz;
    var s = JSON.stringify(o);
    if (s.length <= MAX_SUSPEND) return s;
    // Too long: drop practice answers, then all answers, then quiz state.
    var keep = (data.assessment && data.assessment.questions) || [], a = {};
    keep.forEach(function (id) { if (id in st.answers) a[id] = st.answers[id]; });
    var steps = [function () { o.a = a; }, function () { delete o.a; }, function () { delete o.q; }];
    for (var i = 0; i < steps.length && s.length > MAX_SUSPEND; i++) { steps[i](); s = JSON.stringify(o); }
    SB.log('suspend_data over ' + MAX_SUSPEND + ' characters: some answers were not saved');
    return s;
  }
  function decode(s) {
    try {
      var o = JSON.parse(s);
      if (!o || o.v !== VERSION) return null;
      return {
        viewed: o.n === pages().length ? decodeBits(String(o.p || '')) : [], // page list changed: re-view
        score: typeof o.s === 'number' ? o.s : null,
        answers: o.a && typeof o.a === 'object' ? o.a : {},
        quiz: o.q === undefined ? null : o.q
      };
    } catch (e) { return null; }
  }

  function canScore() { return env.lms && !env.review; }
  t.masteryScore = function () {
    if (env.mastery !== null) return env.mastery;
    var a = data.assessment;
    return a && isFinite(a.passMark) ? Number(a.passMark) : null;
  };
  function allViewed() {
    for (var i = 0; i < pages().length; i++) if (!st.viewed[i]) return false;
    return pages().length > 0;
  }
  // The completion rule (sb-data.completion) applied to what the learner has done.
  function computeStatus() {
    var mastery = t.masteryScore(), has = st.score !== null;
    var passed = has && mastery !== null && st.score >= mastery;
    var all = allViewed(), s;
    if (data.completion === 'assessment') s = has ? (passed ? 'passed' : 'failed') : 'incomplete';
    else if (data.completion === 'either') s = passed ? 'passed' : all ? 'completed' : has ? 'failed' : 'incomplete';
    else s = all ? 'completed' : 'incomplete';
    // RTE 3.4.4 cmi.core.credit: with "no-credit" the learner is not credited for pass/fail,
    // so we report completion only: passed -> completed, failed -> incomplete.
    if (env.noCredit) s = s === 'passed' ? 'completed' : s === 'failed' ? 'incomplete' : s;
    // Never downgrade what the LMS already holds (e.g. a later, lower attempt).
    return (RANK[env.status] || 0) > (RANK[s] || 0) ? env.status : s;
  }
  function isDone(s) { return s === 'completed' || s === 'passed'; }

  function writeScore() {
    if (!canScore() || st.score === null || written.score === st.score) return;
    // RTE 3.4.2.2: score.raw/min/max are 0-100 here; always written BEFORE lesson_status.
    if (env.scoreKids.indexOf('min') >= 0) lms.set('cmi.core.score.min', '0');
    if (env.scoreKids.indexOf('max') >= 0) lms.set('cmi.core.score.max', '100');
    if (lms.set('cmi.core.score.raw', String(st.score))) written.score = st.score;
  }
  // RTE 3.4.2.1.5 exit: "suspend" until done (LMS keeps data, next entry=resume), then "".
  // allowEmptyExit=false (LMS rejects ""): never write "", write "suspend" only at finish.
  function writeExit(final) {
    if (!env.lms) return;
    var want = isDone(env.status) ? '' : 'suspend';
    if (want === '' && cfg.allowEmptyExit === false) return;
    if (want === 'suspend' && !final && cfg.allowEmptyExit === false) return;
    if (want !== env.exit && lms.set('cmi.core.exit', want)) env.exit = want;
  }
  function evaluate() {
    var s = computeStatus();
    writeScore();
    if (canScore() && s !== env.status && lms.set('cmi.core.lesson_status', s)) env.status = s;
    else if (!env.lms) env.status = s;
    writeExit(false);
    if (isDone(s) && !completeSent) {
      completeSent = true;
      SB.events.emit('complete', { status: s, score: st.score, rule: data.completion || 'all-pages', lms: env.lms });
    }
  }

  function commitNow() {
    clearTimeout(commitTimer);
    commitTimer = null;
    if (!lms.isActive()) return;
    lastCommit = Date.now();
    var ok = lms.commit();
    if (t.onsave) t.onsave(ok);
  }
  // RTE 3.4.3.4 LMSCommit: ask the LMS to store now. Throttled to lms.commitThrottleMs.
  function scheduleCommit() {
    if (!lms.isActive() || cfg.commitOnChange === false || commitTimer) return;
    var throttle = cfg.commitThrottleMs === undefined ? 1000 : cfg.commitThrottleMs;
    var wait = throttle - (Date.now() - lastCommit);
    if (wait <= 0) commitNow(); else commitTimer = setTimeout(commitNow, wait);
  }
  t.flush = function () { if (commitTimer) commitNow(); };

  function persist() {
    if (!env.lms) return;
    var s = encode();
    if (s !== written.suspend && lms.set('cmi.suspend_data', s)) written.suspend = s;
    scheduleCommit();
  }
  function writeLocation() {
    // RTE 3.4.2.1.6 cmi.core.lesson_location (CMIString255): the page to reopen on resume.
    if (env.lms && current && current !== written.location && lms.set('cmi.core.lesson_location', current)) written.location = current;
  }

  t.pageViewed = function (id) {
    var i = pageIndex(id);
    if (i < 0) return;
    current = id;
    st.viewed[i] = true;
    writeLocation();
    evaluate();
    persist();
  };
  t.viewedCount = function () { return st.viewed.filter(Boolean).length; };

  // mayRestore: the learner has not moved yet, so a resumed session may reopen its saved page.
  t.connect = function (currentId, mayRestore) {
    env.lms = true;
    current = currentId || current;
    var mode = env.mode = lms.get('cmi.core.lesson_mode', true);
    env.review = mode === 'browse' || mode === 'review'; // RTE 3.4.2.1.10: record nothing
    env.noCredit = lms.get('cmi.core.credit', true) === 'no-credit';
    env.entry = lms.get('cmi.core.entry', true);
    env.status = lms.get('cmi.core.lesson_status');
    var m = lms.get('cmi.student_data.mastery_score', true);
    env.mastery = m !== '' && isFinite(m) ? Number(m) : null;
    env.scoreKids = lms.get('cmi.core.score._children', true).split(',');
    env.interactions = lms.get('cmi.interactions._children', true).split(',');
    env.count = parseInt(lms.get('cmi.interactions._count', true), 10) || 0;
    var location = lms.get('cmi.core.lesson_location', true);
    // Restore saved progress unless the LMS says this is a fresh attempt (RTE 3.4.2.1.4: ab-initio).
    var saved = env.entry === 'ab-initio' ? null : decode(lms.get('cmi.suspend_data', true));
    if (saved) {
      saved.viewed.forEach(function (v, i) { if (v) st.viewed[i] = true; });
      Object.keys(saved.answers).forEach(function (k) { if (!(k in st.answers)) st.answers[k] = saved.answers[k]; });
      if (st.quiz === null) st.quiz = saved.quiz;
      if (saved.score !== null && (st.score === null || saved.score > st.score)) st.score = saved.score;
    }
    // Only entry=resume reopens the saved page ("" follows a finished session).
    env.resumed = env.entry === 'resume';
    // Adopt the saved page before anything is written, so lesson_location never points at the
    // start page for a moment: a learner who leaves straight away must still resume in place.
    if (mayRestore && env.resumed && pageIndex(location) >= 0) current = location;
    // First launch: "incomplete", so an LMS does not mark the course completed on LMSFinish (RTE 3.4.4).
    if (!env.review && !RANK[env.status] && env.status !== 'incomplete' && lms.set('cmi.core.lesson_status', 'incomplete')) env.status = 'incomplete';
    writeLocation();
    evaluate();
    persist();
    restored = { resumed: env.resumed, location: env.resumed && pageIndex(location) >= 0 ? location : null,
                 answers: st.answers, quiz: st.quiz, viewed: t.viewedCount() };
    restoreFns.forEach(function (fn) { try { fn(restored); } catch (e) { SB.log(e); } });
    return restored;
  };
  t.onRestore = function (fn) {
    restoreFns.push(fn);
    if (restored) try { fn(restored); } catch (e) { SB.log(e); }
  };

  // Public API for quiz.js.
  t.saveAnswer = function (questionId, response) { st.answers[questionId] = response; persist(); };
  t.getAnswer = function (questionId) { return st.answers[questionId]; };
  t.getQuizState = function () { return st.quiz; };
  t.setQuizState = function (obj) { st.quiz = obj === undefined ? null : obj; persist(); };
  t.setAssessmentResult = function (rawPercent) {
    var raw = Math.round(Math.min(100, Math.max(0, Number(rawPercent) || 0)) * 100) / 100;
    if (st.score === null || raw > st.score) st.score = raw; // the best attempt counts
    evaluate();
    persist();
    var mastery = t.masteryScore();
    return { score: raw, best: st.score, mastery: mastery, passed: mastery !== null && raw >= mastery, status: env.status };
  };

  var TYPES = /^(true-false|choice|fill-in|matching|performance|sequencing|likert|numeric)$/;
  var RESULTS = /^(correct|wrong|unanticipated|neutral|-?\d+(\.\d+)?)$/;
  // RTE 3.4.2.7 cmi.interactions.n.*: a write-only journal, one new entry per answer.
  // Only elements listed in cmi.interactions._children are written (LMS support is optional).
  t.recordInteraction = function (o) {
    if (!canScore() || env.interactions.indexOf('id') < 0 || !o || !o.id) return false;
    var max = cfg.maxInteractionLength || 255, p = 'cmi.interactions.' + env.count + '.';
    var has = function (k) { return env.interactions.indexOf(k) >= 0; };
    var cut = function (v) { return String(v).slice(0, max); };
    // CMIIdentifier: letters, digits, "-" and "_" only. The id must be set first.
    if (!lms.set(p + 'id', cut(String(o.id).replace(/[^A-Za-z0-9_-]/g, '_')))) return false;
    env.count++;
    var now = new Date(), result = o.result === true ? 'correct' : o.result === false ? 'wrong' : o.result;
    if (has('time')) lms.set(p + 'time', pad(now.getHours(), 2) + ':' + pad(now.getMinutes(), 2) + ':' + pad(now.getSeconds(), 2));
    if (has('type') && TYPES.test(o.type)) lms.set(p + 'type', o.type);
    if (has('student_response') && o.response != null) lms.set(p + 'student_response', cut(o.response));
    if (has('correct_responses') && o.correct != null) lms.set(p + 'correct_responses.0.pattern', cut(o.correct));
    if (has('result') && RESULTS.test(String(result))) lms.set(p + 'result', String(result));
    if (has('latency') && isFinite(o.latencySeconds) && o.latencySeconds !== null) lms.set(p + 'latency', timespan(o.latencySeconds));
    scheduleCommit();
    return true;
  };

  // End the LMS session: exactly once (Save and exit button, pagehide or unload).
  t.finish = function () {
    if (finished || !lms.isActive()) return false;
    finished = true;
    clearTimeout(commitTimer);
    // RTE 3.4.2.1.9: session_time is the length of this session; set once, just before LMSFinish.
    lms.set('cmi.core.session_time', timespan((Date.now() - startedAt) / 1000));
    writeExit(true);
    // RTE 3.4.4: an LMS may set "completed" at LMSFinish if the SCO did not set a status in this session.
    if (cfg.statusBeforeFinish !== false && canScore() && env.status) lms.set('cmi.core.lesson_status', env.status);
    lms.commit();
    return lms.finish();
  };
  t.isFinished = function () { return finished; };
})(window);

// --- read-only progress queries for the UI (templates/static/js/progress.js): nothing here writes.
(function (t) {
  'use strict';
  t.isViewed = function (index) { return !!t.state.viewed[index]; }; // by page index, as in sb-data.pages
  t.status = function () { return t.env.status; }; // the lesson_status in force ("" before the LMS answers)
  t.bestScore = function () { return t.state.score; }; // the best assessment score in percent, or null
})(window.ScormBuilder.tracking);
