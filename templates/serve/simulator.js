/* The `scorm-builder serve` LMS simulator page.
 *
 * Launches the course in a frame with our strict SCORM 1.2 API (lms-api-sim.js) as window.API,
 * shows the live CMI and every API call, and reloads the course when the server reports a new
 * build (Server-Sent Events on /events); a failed build shows its problems instead.
 *
 * What the LMS keeps about the learner (the CMI as of the last LMSCommit or LMSFinish) lives in
 * this browser's localStorage, one record per course folder and course id. So, as in an LMS, it
 * outlives rebuilds, page reloads and server restarts; "Reset the learner" wipes it. */
(function (w, d) {
  'use strict';
  var config = JSON.parse(d.getElementById('sim-config').textContent);
  // What an LMS fills in about the learner before launch (RTE 3.4.4).
  var LEARNER = {
    'cmi.core.student_id': 'preview-learner',
    'cmi.core.student_name': 'Learner, Preview',
    'cmi.core.credit': 'credit',
    'cmi.core.lesson_mode': 'normal'
  };
  var MAX_LOG_ROWS = 500;
  var build = null, api = null, frame = null, calls = 0, closing = false;

  function el(id) { return d.getElementById(id); }
  function say(text) { el('sim-status').textContent = text; }
  function now() { return new Date().toTimeString().slice(0, 8); }

  // --- what the LMS keeps -----------------------------------------------------------------
  function storageKey() { return 'scorm-builder-serve:' + config.courseFolder + ':' + build.course.id; }
  function kept() {
    try { return JSON.parse(w.localStorage.getItem(storageKey())); } catch (e) { return null; }
  }
  function keep(record) {
    w.localStorage.setItem(storageKey(), JSON.stringify(record));
    el('sim-stored').textContent = 'Stored by the LMS at ' + now() + '.';
  }

  // --- launching and closing, as an LMS does ------------------------------------------------
  function launch() {
    var manifest = build.launch;
    var lms = Object.assign({}, LEARNER, {
      'cmi.launch_data': manifest.launch_data,
      'cmi.student_data.mastery_score': manifest.mastery_score,
      'cmi.student_data.max_time_allowed': manifest.max_time_allowed,
      'cmi.student_data.time_limit_action': manifest.time_limit_action
    });
    api = w.API = new ScormSim.Api(ScormSim.launchRecord(kept(), lms), { onCall: logCall, onChange: showCmi, onStore: keep });
    frame = d.createElement('iframe');
    frame.id = 'sim-course';
    frame.title = 'Course: ' + (manifest.title || build.course.id);
    frame.src = '/course/' + manifest.href + (manifest.href.indexOf('?') < 0 ? '?' : '&') + 'build=' + build.build;
    el('sim-slot').appendChild(frame);
    showCmi();
    return api.values['cmi.core.entry'];
  }

  // Removing the frame unloads the course (pagehide/unload), where it should call LMSFinish.
  // If it did not, the LMS ends the session itself and stores what it holds.
  function close() {
    if (frame) { frame.parentNode.removeChild(frame); frame = null; }
    if (api && api.isRunning()) {
      closing = true;
      api.LMSFinish('');
      closing = false;
    }
    api = null;
  }

  function relaunch() {
    if (!build || !build.ok) return;
    close();
    say('Closed and relaunched at ' + now() + ' with the kept CMI (cmi.core.entry is "' + launch() + '").');
  }

  function resetLearner() {
    if (!build || !build.ok) return;
    close();
    w.localStorage.removeItem(storageKey());
    el('sim-log').tBodies[0].textContent = '';
    calls = 0;
    el('sim-stored').textContent = 'Nothing stored yet.';
    say('Learner reset at ' + now() + ': a first launch (cmi.core.entry is "' + launch() + '").');
  }

  // --- builds -------------------------------------------------------------------------------
  function apply(next) {
    if (build && next.build === build.build) return;
    var first = !build;
    close();
    build = next;
    el('sim-problems').hidden = next.ok;
    if (!next.ok) {
      var list = el('sim-problem-list');
      list.textContent = '';
      next.problems.forEach(function (line) {
        var item = d.createElement('li'), code = d.createElement('code');
        code.textContent = line;
        item.appendChild(code);
        list.appendChild(item);
      });
      say('The course did not build at ' + next.builtAt + ': ' + next.problems.length + ' problem' + (next.problems.length === 1 ? '' : 's') + ' below.');
      showCmi();
      return;
    }
    launch();
    say((first ? 'Built' : 'Rebuilt and reloaded') + ' at ' + next.builtAt + ' (' + next.course.pages + ' pages).');
  }

  // --- the panel ------------------------------------------------------------------------------
  function cell(row, text, tag) {
    var c = d.createElement(tag || 'td');
    c.textContent = text;
    row.appendChild(c);
    return c;
  }

  function showCmi() {
    var values = api ? api.snapshot() : (build && build.ok ? kept() : null) || {};
    var body = el('sim-cmi').tBodies[0];
    body.textContent = '';
    Object.keys(values).sort(function (a, b) { return a.localeCompare(b, 'en', { numeric: true }); }).forEach(function (key) {
      var row = d.createElement('tr');
      row.setAttribute('data-element', key);
      cell(row, key, 'th').setAttribute('scope', 'row');
      cell(row, values[key]);
      body.appendChild(row);
    });
  }

  function logCall(entry) {
    var body = el('sim-log').tBodies[0], row = d.createElement('tr');
    calls++;
    if (entry.code !== '0') row.className = 'is-error';
    cell(row, String(calls));
    cell(row, entry.fn + (closing ? ' (by the LMS, on close)' : ''));
    cell(row, entry.args.map(function (a) { return JSON.stringify(a); }).join(', '));
    cell(row, JSON.stringify(entry.result));
    cell(row, entry.code === '0' ? '0' : entry.code + ' ' + entry.message + (entry.diagnostic ? ': ' + entry.diagnostic : ''));
    body.appendChild(row);
    while (body.rows.length > MAX_LOG_ROWS) body.deleteRow(0);
    row.scrollIntoView({ block: 'nearest' });
  }

  // --- wiring -----------------------------------------------------------------------------
  el('sim-relaunch').addEventListener('click', relaunch);
  el('sim-reset').addEventListener('click', resetLearner);
  var events = new w.EventSource('/events');
  events.onmessage = function (message) { apply(JSON.parse(message.data)); };
  events.onerror = function () {
    say('Lost contact with the preview server: is scorm-builder serve still running? Retrying…');
  };
  w.addEventListener('pagehide', close);
  w.ScormSimulator = { relaunch: relaunch, reset: resetLearner, current: function () { return build; } };
})(window, document);
