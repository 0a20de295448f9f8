/* A tiny "LMS" for the browser tests: window.API is scorm-again's Scorm12API, wrapped so that
 * every call, every error code and every stored CMI snapshot is recorded for the tests.
 *
 * Configuration comes as JSON in the URL fragment (see tests/browser/conftest.py):
 *   course       path of the course index.html on this server
 *   cmi          initial CMI given to loadFromJSON (what the LMS kept from earlier sessions)
 *   settings     extra Scorm12API settings
 *   noApi        true: no API at all
 *   apiDelayMs   create the API this long after the course starts loading
 *   faults       {"LMSSetValue": "false" | "throw", "LMSCommit": "false", ...}; window.lmsFaults
 *                changes them while the course runs (an outage that starts and ends)
 */
(function () {
  'use strict';
  var cfg = {};
  try { cfg = JSON.parse(decodeURIComponent(location.hash.slice(1)) || '{}'); } catch (e) { cfg = {}; }
  var log = window.lmsLog = { calls: [], errors: [], messages: [], kept: null, commits: 0, finished: 0 };
  var QUIET = { LMSGetLastError: 1, LMSGetErrorString: 1, LMSGetDiagnostic: 1 };
  var NAMES = ['LMSInitialize', 'LMSFinish', 'LMSGetValue', 'LMSSetValue', 'LMSCommit',
               'LMSGetLastError', 'LMSGetErrorString', 'LMSGetDiagnostic'];

  function merge(into, from) {
    Object.keys(from || {}).forEach(function (k) {
      var v = from[k];
      if (v && typeof v === 'object' && !Array.isArray(v)) into[k] = merge(into[k] || {}, v);
      else into[k] = v;
    });
    return into;
  }
  function snapshot(api) { return JSON.parse(JSON.stringify(api.renderCMIToJSONObject())).cmi; }

  function makeApi() {
    var settings = merge({
      autocommit: false,
      logLevel: 4, // ERROR
      onLogMessage: function (level, message) { log.messages.push(String(level) + ': ' + message); }
    }, cfg.settings);
    var api = new window.Scorm12API(settings);
    // A real LMS fills these in before launch.
    api.loadFromJSON(merge({
      core: { student_id: 'gm-0001', student_name: 'Learner, Test', credit: 'credit', lesson_mode: 'normal' }
    }, cfg.cmi));
    var faults = window.lmsFaults = cfg.faults || {};
    NAMES.forEach(function (name) {
      var original = api[name].bind(api);
      api[name] = function () {
        var args = [].slice.call(arguments), result, injected = faults[name];
        if (injected === 'throw') {
          log.calls.push({ fn: name, args: args, result: 'threw', code: 'injected' });
          throw new Error('Test LMS: injected failure in ' + name);
        }
        if (injected === 'false') {
          result = 'false';
          api.lastErrorCode = '101'; // RTE 3.3.2.1: 101 General exception
        } else {
          result = original.apply(null, args);
        }
        var code = String(api.lastErrorCode);
        if (!QUIET[name]) {
          var entry = { fn: name, args: args, result: result, code: code };
          log.calls.push(entry);
          if (code !== '0' && !injected) log.errors.push(entry);
        }
        if (result === 'true' && name === 'LMSCommit') { log.commits++; log.kept = snapshot(api); }
        if (result === 'true' && name === 'LMSFinish') { log.finished++; log.kept = snapshot(api); }
        return result;
      };
    });
    return api;
  }

  // Remove the course frame, as an LMS does when the learner leaves the course: the SCO
  // gets pagehide/unload and should call LMSFinish.
  window.lmsCloseCourse = function () {
    var frame = document.getElementById('course');
    if (frame) frame.parentNode.removeChild(frame);
    return log.kept;
  };

  function launch() {
    document.getElementById('course').src = cfg.course || '/courses/three-pages/index.html';
  }
  if (cfg.noApi) {
    window.addEventListener('DOMContentLoaded', launch);
  } else if (cfg.apiDelayMs) {
    window.addEventListener('DOMContentLoaded', function () {
      launch();
      setTimeout(function () { window.API = makeApi(); }, cfg.apiDelayMs);
    });
  } else {
    window.API = makeApi();
    window.addEventListener('DOMContentLoaded', launch);
  }
})();
