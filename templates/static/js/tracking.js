/* scorm-builder runtime: learner progress and what the LMS is told. Saves on every change
 * (throttled LMSCommit, retried with back-off when it fails): many LMSs lose data written while
 * the window closes. The tracking contract (statuses per rule and journey): docs/runtime.md */
(function (w) {
  'use strict';
  var SB = w.ScormBuilder, lms = SB.lms, data = SB.data, cfg = data.lms;
  var VERSION = 2, MAX_SUSPEND = 4096; // RTE 3.4.2.5: cmi.suspend_data is CMIString4096
  var RANK = { passed: 3, completed: 2, failed: 1 };
  var CODES = { passed: 'p', completed: 'c', failed: 'f', incomplete: 'i' };
  // score = best assessment result; kept = the (credited) status reached so far, kept in suspend_data
  var st = { viewed: [], answers: {}, quiz: null, score: null, kept: '' };
  var env = { lms: false, review: false, noCredit: false, entry: '', status: '', exit: null,
              mastery: null, interactions: [], scoreKids: [], count: 0, resumed: false };
  var written = { suspend: null, score: null, location: null };
  var restoreFns = [], restored = null, completeSent = false, finished = false;
  var commitTimer = null, lastCommit = 0, startedAt = Date.now(), current = null;
  var retryTimer = null, failures = 0, dirty = false;
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

  // Short keys the builder gives each page (pages[i].k) and question (questions[id].k): two
  // characters, unique in the course, from the page id / the question's content. Saved progress
  // is keyed by them, so it survives pages being added, removed or moved, and a changed question
  // (new key) is asked again. builder/suspend_data.py works out the largest result.
  var byKey = { page: {}, question: {} };
  pages().forEach(function (p, i) { if (p.k) byKey.page[p.k] = i; });
  Object.keys(data.questions).forEach(function (id) { var k = data.questions[id].k; if (k) byKey.question[k] = id; });
  function isAssessed(id) { return !!(data.assessment && data.assessment.questions.indexOf(id) >= 0); }

  // v1 (older packages): viewed pages as a hex bitmask by page index, 4 pages a character.
  function decodeBits(s) {
    var flags = [];
    for (var i = 0; i < s.length; i++) {
      var n = parseInt(s.charAt(i), 16) || 0;
      for (var b = 0; b < 4; b++) if (n & (1 << b)) flags[i * 4 + b] = true;
    }
    return flags;
  }

  // suspend_data v2: {v:2, c:content version, k:status code, p:viewed page keys, s:best score,
  // a:[question key + saved answer, ...], q:quiz state}. Answers: assessment first, then knowledge
  // checks oldest first, so the oldest practice answers are the ones dropped if space runs out.
  function encode() {
    var o = { v: VERSION, c: String(data.course.version || ''), k: CODES[st.kept] || 'i', p: '' };
    pages().forEach(function (p, i) { if (st.viewed[i] && p.k) o.p += p.k; });
    if (st.score !== null) o.s = st.score;
    var scored = [], practice = [];
    Object.keys(st.answers).forEach(function (id) {
      var q = data.questions[id], v = st.answers[id];
      if (q && q.k && typeof v === 'string' && v !== '') (isAssessed(id) ? scored : practice).push(q.k + v);
    });
    if (scored.length || practice.length) o.a = scored.concat(practice);
    if (st.quiz !== null) o.q = st.quiz;
    var s = JSON.stringify(o);
    // Over 4096 (the build proves what else is saved fits): drop the oldest practice answers.
    var cut = 0, steps = [function () { delete o.q; }];
    while (s.length > MAX_SUSPEND && cut < practice.length) {
      cut++;
      o.a = scored.concat(practice.slice(cut));
      s = JSON.stringify(o);
    }
    if (cut) SB.log('suspend_data: the ' + cut + ' oldest knowledge-check answers were not saved (4096 characters)');
    if (s.length > MAX_SUSPEND) { delete o.a; s = JSON.stringify(o); }
    for (var i = 0; i < steps.length && s.length > MAX_SUSPEND; i++) { steps[i](); s = JSON.stringify(o); }
    return s;
  }
  function decode(s) {
    var o;
    try { o = JSON.parse(s); } catch (e) { return null; }
    if (!o || typeof o !== 'object') return null;
    var out = { viewed: [], score: typeof o.s === 'number' && isFinite(o.s) ? o.s : null, answers: {},
                quiz: o.q === undefined ? null : o.q, kept: '', version: '' };
    if (o.v === 1) { // the runtime before format 2: pages by index, answers by question id
      if (o.n === pages().length) out.viewed = decodeBits(String(o.p || '')); // page list changed: re-view
      if (o.a && typeof o.a === 'object') Object.keys(o.a).forEach(function (id) {
        if (data.questions[id] && typeof o.a[id] === 'string') out.answers[id] = o.a[id];
      });
      return out;
    }
    if (o.v !== VERSION) return null;
    out.version = String(o.c || '');
    Object.keys(CODES).forEach(function (name) { if (CODES[name] === o.k) out.kept = name; });
    var keys = String(o.p || '');
    for (var i = 0; i + 2 <= keys.length; i += 2) {
      var at = byKey.page[keys.substr(i, 2)];
      if (at !== undefined) out.viewed[at] = true;
    }
    (Array.isArray(o.a) ? o.a : []).forEach(function (entry) {
      var id = typeof entry === 'string' ? byKey.question[entry.substr(0, 2)] : undefined;
      if (id !== undefined) out.answers[id] = entry.slice(2); // a changed question has a new key: asked again
    });
    return out;
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
  // The tracking contract (docs/runtime.md): once an assessment score exists it decides the
  // status for a rule that uses it (what Moodle's mastery override computes anyway); a pass is
  // never lost; completed never goes back to incomplete; a fail stays until a pass.
  function usesAssessment() {
    return !!data.assessment && (data.completion === 'assessment' || data.completion === 'either');
  }
  function creditedStatus() {
    var mastery = t.masteryScore(), s;
    if (usesAssessment() && st.score !== null) s = mastery !== null && st.score >= mastery ? 'passed' : 'failed';
    else if (usesAssessment() && data.completion === 'assessment') s = 'incomplete';
    else s = allViewed() ? 'completed' : 'incomplete';
    var before = st.kept;
    if (before === 'passed') return 'passed';
    if (s === 'incomplete' && (before === 'completed' || before === 'failed')) return before;
    return s;
  }
  function computeStatus() {
    var s = st.kept = creditedStatus();
    // RTE 3.4.4 cmi.core.credit: with "no-credit" the learner is not credited for pass/fail,
    // so we report completion only: passed -> completed, failed -> incomplete.
    if (env.noCredit) s = s === 'passed' ? 'completed' : s === 'failed' ? 'incomplete' : s;
    return s;
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
    // Review or browse mode: the status stays the one the LMS holds (found at start-up), so the
    // finish screen and certificate never show a result that was not recorded.
    if (env.review && restored) return;
    var s = computeStatus();
    writeScore();
    if (canScore() && s !== env.status && lms.set('cmi.core.lesson_status', s)) {
      env.status = s;
      // The score again after a "failed": the Open edX XBlock shows the points it works out from
      // each score it is sent, and the score alone (sent first, RTE 3.4.2.2) reads as a grade.
      if (s === 'failed' && st.score !== null) lms.set('cmi.core.score.raw', String(st.score));
    } else if (!env.lms || env.review) env.status = s;
    writeExit(false);
    if (isDone(s) && !completeSent) {
      completeSent = true;
      SB.events.emit('complete', { status: s, score: st.score, rule: data.completion || 'all-pages', lms: env.lms });
    }
  }

  // RTE 3.4.3.4 LMSCommit: ask the LMS to store now. A failure is retried with back-off
  // (1, 2, 4 s, then every 5 s) while the page is open, rewriting what the LMS may have refused.
  function commitNow() {
    clearTimeout(commitTimer);
    commitTimer = null;
    if (!lms.isActive()) return;
    lastCommit = Date.now();
    var ok = lms.commit();
    dirty = !ok;
    clearTimeout(retryTimer);
    retryTimer = null;
    if (ok) failures = 0;
    else retryTimer = setTimeout(retry, Math.min(5000, 1000 * Math.pow(2, failures++)));
    if (t.onsave) t.onsave(ok);
  }
  function retry() {
    retryTimer = null;
    if (!lms.isActive()) return;
    written.suspend = written.score = null; // set them again: the LMS may have refused them too
    if (current) written.location = null;
    if (canScore()) env.status = '';
    writeLocation();
    evaluate();
    persist();
    if (dirty && !commitTimer && !retryTimer) commitNow();
  }
  function scheduleCommit() {
    dirty = true;
    if (!lms.isActive() || cfg.commitOnChange === false || commitTimer || retryTimer) return;
    var throttle = cfg.commitThrottleMs === undefined ? 1000 : cfg.commitThrottleMs;
    var wait = throttle - (Date.now() - lastCommit);
    if (wait <= 0) commitNow(); else commitTimer = setTimeout(commitNow, wait);
  }
  // The tab is being hidden or closed: store what is pending now.
  t.flush = function () { if (dirty || commitTimer || retryTimer) commitNow(); };
  t.saving = function () { return { pending: dirty, failures: failures }; };

  function persist() {
    // Review/browse: a result reached while looking back must not reach the next normal session.
    if (!env.lms || env.review) return;
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

  // The page to reopen when the saved one is gone (a later version removed it): the first page
  // the saved progress has not seen (not counting the page shown while the LMS was being found).
  function fallbackPage(seen) {
    for (var i = 0; i < pages().length; i++) if (!seen[i]) return pages()[i].id;
    return pages().length ? pages()[0].id : null;
  }

  // mayRestore: the learner has not moved yet, so a resumed session may reopen its saved page.
  t.connect = function (currentId, mayRestore) {
    env.lms = true;
    current = currentId || current;
    var mode = env.mode = lms.get('cmi.core.lesson_mode', true);
    env.review = mode === 'browse' || mode === 'review'; // RTE 3.4.2.1.10: record nothing
    env.noCredit = lms.get('cmi.core.credit', true) === 'no-credit';
    env.entry = lms.get('cmi.core.entry', true);
    // Read for information only: some LMSs (Open edX) return "" here whatever they hold.
    env.status = lms.get('cmi.core.lesson_status', true);
    var m = lms.get('cmi.student_data.mastery_score', true);
    env.mastery = m !== '' && isFinite(m) ? Number(m) : null;
    env.scoreKids = lms.get('cmi.core.score._children', true).split(',');
    env.interactions = lms.get('cmi.interactions._children', true).split(',');
    env.count = parseInt(lms.get('cmi.interactions._count', true), 10) || 0;
    var location = lms.get('cmi.core.lesson_location', true);
    // RTE 3.4.2.1.4: only "ab-initio" is a fresh attempt. "resume" reopens; so does "" or an
    // unsupported entry when our suspend_data is there (Open edX never supplies entry; Moodle
    // gives "" after a finished session, and the learner keeps their place then too).
    var saved = env.entry === 'ab-initio' ? null : decode(lms.get('cmi.suspend_data', true));
    if (saved) {
      saved.viewed.forEach(function (v, i) { if (v) st.viewed[i] = true; });
      Object.keys(saved.answers).forEach(function (k) { if (!(k in st.answers)) st.answers[k] = saved.answers[k]; });
      if (st.quiz === null) st.quiz = saved.quiz;
      if (saved.score !== null && (st.score === null || saved.score > st.score)) st.score = saved.score;
    }
    // The status reached before: from suspend_data, or what the LMS says if it says anything.
    var before = saved && saved.kept ? saved.kept : '';
    if ((RANK[env.status] || 0) > (RANK[before] || 0)) before = env.status;
    if ((RANK[before] || 0) > (RANK[st.kept] || 0)) st.kept = before;
    env.resumed = env.entry !== 'ab-initio' && (env.entry === 'resume' || !!saved);
    var target = null;
    if (env.resumed) target = pageIndex(location) >= 0 ? location : (saved ? fallbackPage(saved.viewed) : null);
    // Adopt the saved page before anything is written, so lesson_location never points at the
    // start page for a moment: a learner who leaves straight away must still resume in place.
    if (mayRestore && target) current = target;
    // Never write over a saved place at start-up: only when the LMS holds none (or a page that is
    // gone, or a fresh attempt), or when the learner has already moved while the LMS was found.
    written.location = location;
    if (!location || pageIndex(location) < 0 || !env.resumed || !mayRestore) writeLocation();
    evaluate();
    persist();
    restored = { resumed: env.resumed, location: env.resumed ? target : null, version: saved ? saved.version : '',
                 answers: st.answers, quiz: st.quiz, viewed: t.viewedCount() };
    restoreFns.forEach(function (fn) { try { fn(restored); } catch (e) { SB.log(e); } });
    return restored;
  };
  t.onRestore = function (fn) {
    restoreFns.push(fn);
    if (restored) try { fn(restored); } catch (e) { SB.log(e); }
  };

  // Public API for quiz.js.
  t.saveAnswer = function (questionId, response) {
    delete st.answers[questionId];
    if (response !== undefined) st.answers[questionId] = response;
    persist();
  };
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
  // Knowledge checks are practice: sent only when the course asks (course.yml practice_interactions),
  // as "practice-<id>"; assessment answers keep the question id.
  t.recordInteraction = function (o) {
    if (!canScore() || env.interactions.indexOf('id') < 0 || !o || !o.id) return false;
    if (!isAssessed(o.id)) {
      if (!data.practiceInteractions) return false;
      o = Object.assign({}, o, { id: 'practice-' + o.id });
    }
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
    clearTimeout(retryTimer);
    // RTE 3.4.2.1.9: session_time is the length of this session; set once, just before LMSFinish.
    lms.set('cmi.core.session_time', timespan((Date.now() - startedAt) / 1000));
    writeExit(true);
    // RTE 3.4.4: an LMS may set "completed" at LMSFinish if the SCO did not set a status in this session.
    if (cfg.statusBeforeFinish !== false && canScore() && env.status) lms.set('cmi.core.lesson_status', env.status);
    lms.commit(); // LMSFinish stores too (RTE 3.4.3.2): its answer is the one that counts
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
