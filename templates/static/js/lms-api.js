/* scorm-builder runtime: course data, events, safe SCORM 1.2 API wrapper. See docs/runtime.md. */
(function (w, d) {
  'use strict';
  var SB = w.ScormBuilder = w.ScormBuilder || {};

  var data = {};
  try { data = JSON.parse((d.getElementById('sb-data') || {}).textContent || '{}') || {}; } catch (e) { data = {}; }
  data.pages = data.pages || [];
  data.questions = data.questions || {};
  data.lms = data.lms || {};
  data.course = data.course || {};
  SB.data = data;
  SB.debug = !!data.debug || /[?&]debug=1(&|$)/.test(w.location.search);

  SB.log = function () {
    if (w.console) console.warn.apply(console, ['[scorm-builder]'].concat([].slice.call(arguments)));
  };

  // CustomEvents "scormbuilder:<name>" on document.
  SB.events = {
    emit: function (name, detail) {
      try { d.dispatchEvent(new CustomEvent('scormbuilder:' + name, { detail: detail || {} })); } catch (e) { SB.log(e); }
    },
    on: function (name, fn) { d.addEventListener('scormbuilder:' + name, function (ev) { fn(ev.detail, ev); }); }
  };

  var api = null;
  var state = 0; // 0 = not started, 1 = initialised, 2 = finished
  var lms = SB.lms = { available: false, api: null, errors: 0 };

  // RTE 3.3.6.1: "API" is on an ancestor frame or the opener. Cross-origin frames throw: skip them.
  function scan(win) {
    for (var hops = 0; win && hops < 500; hops++) {
      try {
        if (win.API && typeof win.API.LMSInitialize !== 'undefined') return win.API;
      } catch (e) { /* cross-origin frame */ }
      var up = null;
      try { up = win.parent; } catch (e) { up = null; }
      if (!up || up === win) break;
      win = up;
    }
    return null;
  }
  function locate() {
    var found = scan(w);
    try { found = found || scan(w.opener) || scan(w.top.opener); } catch (e) { /* cross-origin opener */ }
    return found;
  }
  // An API can only turn up later if we are framed or were opened by another window.
  function mayAppear() {
    try { return w.parent !== w || !!w.opener; } catch (e) { return true; }
  }

  // Retry every 250 ms for up to timeoutMs: the LMS frame may still be loading.
  lms.find = function (timeoutMs, done) {
    var waited = 0;
    (function tryNow() {
      api = locate();
      if (api || waited >= timeoutMs || !mayAppear()) {
        lms.api = api;
        lms.available = !!api;
        done(!!api);
        return;
      }
      waited += 250;
      setTimeout(tryNow, 250);
    })();
  };

  function safe(fn) { try { return String(fn()); } catch (e) { return ''; } }

  // Never throws into the page. RTE 3.3.4: LMSGetLastError after each call ("0" = no error).
  function call(name, args, quiet) {
    if (!api) return '';
    var result, code = '0', threw = null;
    try { result = api[name].apply(api, args); } catch (e) { threw = e; }
    result = result === undefined || result === null ? '' : String(result);
    code = safe(function () { return api.LMSGetLastError(); }) || '0';
    var failed = threw || (code !== '0' && code !== '') || (name !== 'LMSGetValue' && result !== 'true');
    if (SB.debug) console.log('[scorm-builder]', name, args, '->', result, 'error', code);
    if (failed && !quiet) {
      var detail = {
        call: name, element: args[0] || '', value: args.length > 1 ? args[1] : undefined,
        code: code, message: threw ? String(threw) : safe(function () { return api.LMSGetErrorString(code); }),
        diagnostic: safe(function () { return api.LMSGetDiagnostic(code); })
      };
      lms.errors++;
      SB.log('LMS call failed:', name, detail.element, 'error', code, detail.message, detail.diagnostic);
      SB.events.emit('lmserror', detail);
    }
    return failed && name !== 'LMSGetValue' ? 'false' : result;
  }

  // RTE 3.4.3.1: LMSInitialize("") once per launch, before any other call.
  lms.initialize = function () {
    if (!api || state) return state === 1;
    state = call('LMSInitialize', ['']) === 'true' ? 1 : 2;
    if (state !== 1) { lms.available = false; }
    return state === 1;
  };
  // quiet: optional element (RTE 3.4.2: 401 "not implemented" is allowed).
  lms.get = function (element, quiet) { return state === 1 ? call('LMSGetValue', [element], quiet) : ''; };
  lms.set = function (element, value) { return state === 1 && call('LMSSetValue', [element, String(value)]) === 'true'; };
  lms.commit = function () { return state === 1 && call('LMSCommit', ['']) === 'true'; };
  // RTE 3.4.3.2: LMSFinish("") exactly once; no call is allowed after it.
  lms.finish = function () {
    if (state !== 1) return false;
    state = 2;
    return call('LMSFinish', ['']) === 'true';
  };
  lms.isActive = function () { return state === 1; };
})(window, document);
