/* The SCORM 1.2 API of the `scorm-builder serve` LMS simulator: a small, STRICT, dependency-free
 * implementation of window.API (SCORM 1.2 Run-Time Environment, "RTE" below).
 *
 * Strict means: it accepts exactly what the RTE allows and answers everything else with the
 * RTE 3.3 error code, so a course that is clean here is clean in a fussy LMS. Where the RTE is
 * silent we answer as scorm-again does (tests/browser/test_serve_api_parity.py checks both
 * side by side and lists every deliberate difference, each a place where scorm-again relaxes
 * the RTE).
 *
 * Usage (see simulator.js):
 *   var api = new ScormSim.Api(record, { onCall: fn(entry), onChange: fn(), onStore: fn(record) });
 * `record` is the flat CMI an LMS keeps between sessions ({"cmi.core.lesson_status": "...", ...});
 * ScormSim.launchRecord(kept, lms) turns what was kept into what the next launch starts with.
 */
(function (w) {
  'use strict';

  // RTE 3.3.2: the SCORM 1.2 error codes.
  var ERRORS = {
    '0': 'No error',
    '101': 'General exception',
    '201': 'Invalid argument error',
    '202': 'Element cannot have children',
    '203': 'Element not an array - cannot have count',
    '301': 'Not initialized',
    '401': 'Not implemented error',
    '402': 'Invalid set value, element is a keyword',
    '403': 'Element is read only',
    '404': 'Element is write only',
    '405': 'Incorrect Data Type'
  };

  // RTE 3.4.2 data types. Each check returns true when the (string) value is acceptable.
  function matches(re) { return function (v) { return re.test(v); }; }
  function maxLength(n) { return function (v) { return v.length <= n; }; }
  function vocabulary(words) { return function (v) { return words.indexOf(v) >= 0; }; }
  function decimalIn(low, high) {
    return function (v) { return DECIMAL.test(v) && Number(v) >= low && Number(v) <= high; };
  }
  function integerIn(low, high) {
    return function (v) { return /^-?\d+$/.test(v) && Number(v) >= low && Number(v) <= high; };
  }
  var DECIMAL = /^-?(\d+\.?\d*|\.\d+)$/;                       // CMIDecimal: "2", "2.2", "-2.2"
  var TYPES = {
    string255: maxLength(255),                                   // CMIString255
    string4096: maxLength(4096),                                 // CMIString4096
    identifier: matches(/^[A-Za-z0-9_-]{1,255}$/),               // CMIIdentifier: no spaces or punctuation
    decimal: matches(DECIMAL),
    // cmi.core.score.* and cmi.objectives.n.score.*: CMIDecimal 0-100, or blank (RTE 3.4.4).
    score: function (v) { return v === '' || decimalIn(0, 100)(v); },
    // CMITimespan: HHHH:MM:SS.SS, 2-4 digit hours, optional 1-2 decimals of a second.
    timespan: matches(/^\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?$/),
    time: matches(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/), // CMITime: a time of day
    // A SCO may not set "not attempted" (RTE 3.4.4 cmi.core.lesson_status); objectives may.
    status: vocabulary(['passed', 'completed', 'failed', 'incomplete', 'browsed']),
    objectiveStatus: vocabulary(['passed', 'completed', 'failed', 'incomplete', 'browsed', 'not attempted']),
    exit: vocabulary(['time-out', 'suspend', 'logout', '']),
    interactionType: vocabulary(['true-false', 'choice', 'fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric']),
    // A numeric result is a CMIDecimal; like scorm-again we take no sign (a result is a score, >= 0).
    result: function (v) { return ['correct', 'wrong', 'unanticipated', 'neutral'].indexOf(v) >= 0 || /^(\d+\.?\d*|\.\d+)$/.test(v); },
    weighting: decimalIn(-100, 100),
    audio: integerIn(-1, 100),
    speed: integerIn(-100, 100),
    text: integerIn(-1, 1),
    feedback: maxLength(255)                                     // CMIFeedback, refined by type below
  };
  // CMIFeedback per interaction type (RTE 3.4.4 cmi.interactions.n.student_response).
  var CHOICES = /^([0-9a-z](,[0-9a-z])*)?$/;
  var FEEDBACK = {
    'true-false': /^(0|1|t|f)$/,
    'choice': CHOICES,
    'sequencing': CHOICES,
    'likert': /^[0-9a-z]?$/,
    'matching': /^([0-9a-z]\.[0-9a-z](,[0-9a-z]\.[0-9a-z])*)?$/,
    'numeric': DECIMAL
  };

  // RTE 3.4 data model: element ("n" = any index) -> access and type.
  // ro = LMSSetValue answers 403; wo = LMSGetValue answers 404.
  var MODEL = {
    'cmi.core.student_id': { access: 'ro' },
    'cmi.core.student_name': { access: 'ro' },
    'cmi.core.lesson_location': { access: 'rw', type: 'string255' },
    'cmi.core.credit': { access: 'ro' },
    'cmi.core.lesson_status': { access: 'rw', type: 'status' },
    'cmi.core.entry': { access: 'ro' },
    'cmi.core.score.raw': { access: 'rw', type: 'score' },
    'cmi.core.score.min': { access: 'rw', type: 'score' },
    'cmi.core.score.max': { access: 'rw', type: 'score' },
    'cmi.core.total_time': { access: 'ro' },
    'cmi.core.lesson_mode': { access: 'ro' },
    'cmi.core.exit': { access: 'wo', type: 'exit' },
    'cmi.core.session_time': { access: 'wo', type: 'timespan' },
    'cmi.suspend_data': { access: 'rw', type: 'string4096' },
    'cmi.launch_data': { access: 'ro' },
    'cmi.comments': { access: 'rw', type: 'string4096' },
    'cmi.comments_from_lms': { access: 'ro' },
    'cmi.objectives.n.id': { access: 'rw', type: 'identifier' },
    'cmi.objectives.n.score.raw': { access: 'rw', type: 'score' },
    'cmi.objectives.n.score.min': { access: 'rw', type: 'score' },
    'cmi.objectives.n.score.max': { access: 'rw', type: 'score' },
    'cmi.objectives.n.status': { access: 'rw', type: 'objectiveStatus' },
    'cmi.student_data.mastery_score': { access: 'ro' },
    'cmi.student_data.max_time_allowed': { access: 'ro' },
    'cmi.student_data.time_limit_action': { access: 'ro' },
    'cmi.student_preference.audio': { access: 'rw', type: 'audio' },
    'cmi.student_preference.language': { access: 'rw', type: 'string255' },
    'cmi.student_preference.speed': { access: 'rw', type: 'speed' },
    'cmi.student_preference.text': { access: 'rw', type: 'text' },
    // RTE 3.4.4: every cmi.interactions.n.* element is write-only (a journal).
    'cmi.interactions.n.id': { access: 'wo', type: 'identifier' },
    'cmi.interactions.n.objectives.n.id': { access: 'wo', type: 'identifier' },
    'cmi.interactions.n.time': { access: 'wo', type: 'time' },
    'cmi.interactions.n.type': { access: 'wo', type: 'interactionType' },
    'cmi.interactions.n.correct_responses.n.pattern': { access: 'wo', type: 'feedback' },
    'cmi.interactions.n.weighting': { access: 'wo', type: 'weighting' },
    'cmi.interactions.n.student_response': { access: 'wo', type: 'feedback' },
    'cmi.interactions.n.result': { access: 'wo', type: 'result' },
    'cmi.interactions.n.latency': { access: 'wo', type: 'timespan' }
  };
  // The keywords: "<element>._children" lists, "cmi._version" (RTE 3.4.4).
  var CHILDREN = {
    'cmi': 'core,suspend_data,launch_data,comments,objectives,student_data,student_preference,interactions',
    'cmi.core': 'student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time',
    'cmi.core.score': 'raw,min,max',
    'cmi.objectives': 'id,score,status',
    'cmi.objectives.n.score': 'raw,min,max',
    'cmi.student_data': 'mastery_score,max_time_allowed,time_limit_action',
    'cmi.student_preference': 'audio,language,speed,text',
    'cmi.interactions': 'id,objectives,time,type,correct_responses,weighting,student_response,result,latency'
  };
  // The arrays: "<array>._count" is how many entries exist.
  var ARRAYS = ['cmi.objectives', 'cmi.interactions', 'cmi.interactions.n.objectives', 'cmi.interactions.n.correct_responses'];
  var VERSION = '3.4';

  function pattern(element) { return element.replace(/\.\d+(?=\.|$)/g, '.n'); }
  function isKnownPrefix(name) {
    if (MODEL[name] || CHILDREN[name] || ARRAYS.indexOf(name) >= 0) return true;
    return Object.keys(MODEL).some(function (key) { return key.indexOf(name + '.') === 0; });
  }

  // What an LMS keeps about the learner, as a flat object; counts live under "<array>._count".
  function Api(record, hooks) {
    this.values = copy(record || {});
    this.hooks = hooks || {};
    this.state = 'not initialized';       // -> 'running' -> 'finished'
    this.lastError = '0';
    this.lastDiagnostic = '';
    var self = this;
    // The eight RTE 3.3 functions, as own properties so the SCO can call them unbound.
    ['LMSInitialize', 'LMSFinish', 'LMSGetValue', 'LMSSetValue', 'LMSCommit'].forEach(function (name) {
      self[name] = function () {
        var args = [].slice.call(arguments);
        var result = self['_' + name].apply(self, args);
        if (self.hooks.onCall) {
          self.hooks.onCall({ fn: name, args: args, result: result, code: self.lastError,
                              message: ERRORS[self.lastError], diagnostic: self.lastDiagnostic });
        }
        if (self.hooks.onChange) self.hooks.onChange();
        return result;
      };
    });
    this.LMSGetLastError = function () { return self.lastError; };
    this.LMSGetErrorString = function (code) { return ERRORS[String(code)] || ''; };
    this.LMSGetDiagnostic = function (code) {
      code = code === undefined || code === '' ? self.lastError : String(code);
      return code === self.lastError && self.lastDiagnostic ? self.lastDiagnostic : (ERRORS[code] || '');
    };
  }

  Api.prototype.fail = function (code, diagnostic, result) {
    this.lastError = code;
    this.lastDiagnostic = diagnostic;
    return result;
  };
  Api.prototype.ok = function (result) {
    this.lastError = '0';
    this.lastDiagnostic = '';
    return result;
  };
  // RTE 3.3.1: LMSInitialize, LMSFinish and LMSCommit take exactly "" (error 201 otherwise).
  Api.prototype.badArgument = function (name, arg) {
    return arg !== '' && arg !== undefined ? this.fail('201', name + ' takes the empty string "", not ' + JSON.stringify(arg), 'false') : null;
  };

  // RTE 3.4.3.1: once per launch; again, or after LMSFinish, is 101.
  Api.prototype._LMSInitialize = function (arg) {
    var bad = this.badArgument('LMSInitialize', arg);
    if (bad) return bad;
    if (this.state === 'running') return this.fail('101', 'LMSInitialize was already called in this session', 'false');
    if (this.state === 'finished') return this.fail('101', 'LMSFinish was already called: this session is over', 'false');
    this.state = 'running';
    return this.ok('true');
  };

  // RTE 3.4.3.2: ends the session; the LMS stores what it holds. Nothing but the error
  // functions may follow, so later calls answer 301 as before LMSInitialize.
  Api.prototype._LMSFinish = function (arg) {
    var bad = this.badArgument('LMSFinish', arg);
    if (bad) return bad;
    if (this.state !== 'running') return this.fail('301', this.notRunning(), 'false');
    this.state = 'finished';
    this.closeSession();
    return this.ok('true');
  };

  Api.prototype._LMSCommit = function (arg) {
    var bad = this.badArgument('LMSCommit', arg);
    if (bad) return bad;
    if (this.state !== 'running') return this.fail('301', this.notRunning(), 'false');
    this.store();
    return this.ok('true');
  };

  Api.prototype.notRunning = function () {
    return this.state === 'finished' ? 'called after LMSFinish' : 'called before LMSInitialize';
  };

  Api.prototype._LMSGetValue = function (element) {
    if (this.state !== 'running') return this.fail('301', this.notRunning(), '');
    if (typeof element !== 'string' || element === '') return this.fail('201', 'LMSGetValue needs a data model element name', '');
    var keyword = this.keyword(element);
    if (keyword) return keyword.code === '0' ? this.ok(keyword.value) : this.fail(keyword.code, keyword.why, '');
    var spec = MODEL[pattern(element)];
    if (!spec) return this.unknown(element, '');
    var missing = this.missingIndex(element, false);
    if (missing) return this.fail('201', missing, '');
    if (spec.access === 'wo') return this.fail('404', element + ' is write-only', '');
    var value = this.values[element];
    return this.ok(value === undefined ? '' : String(value));
  };

  Api.prototype._LMSSetValue = function (element, value) {
    if (this.state !== 'running') return this.fail('301', this.notRunning(), 'false');
    if (typeof element !== 'string' || element === '') return this.fail('201', 'LMSSetValue needs a data model element name', 'false');
    if (this.isKeyword(element)) return this.fail('402', element + ' is a keyword: it cannot be set', 'false');
    var spec = MODEL[pattern(element)];
    if (!spec) return this.unknown(element, 'false');
    if (spec.access === 'ro') return this.fail('403', element + ' is read-only', 'false');
    var missing = this.missingIndex(element, true);
    if (missing) return this.fail('201', missing, 'false');
    value = value === undefined ? '' : String(value);
    if (!this.valid(element, spec, value)) {
      return this.fail('405', JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value) + ' is not a valid ' + spec.type + ' for ' + element, 'false');
    }
    this.grow(element);
    this.values[element] = value;
    return this.ok('true');
  };

  // Not an element: a container such as "cmi.objectives.0" is an invalid argument (201),
  // a name the RTE does not define is "not implemented" (401, as scorm-again answers).
  Api.prototype.unknown = function (element, result) {
    return isKnownPrefix(pattern(element))
      ? this.fail('201', element + ' is a group of elements, not an element', result)
      : this.fail('401', element + ' is not a SCORM 1.2 data model element', result);
  };

  Api.prototype.isKeyword = function (element) {
    var found = /^(.*)\._(children|count)$/.exec(element);
    if (element === 'cmi._version') return true;
    return !!found && (found[2] === 'children' ? !!CHILDREN[pattern(found[1])] : ARRAYS.indexOf(pattern(found[1])) >= 0);
  };

  // "<element>._children", "<array>._count" and "cmi._version"; null when not a keyword.
  Api.prototype.keyword = function (element) {
    if (element === 'cmi._version') return { code: '0', value: VERSION };
    var found = /^(.*)\._(children|count)$/.exec(element);
    if (!found) return null;
    var base = pattern(found[1]), kind = found[2];
    var table = kind === 'children' ? CHILDREN[base] : ARRAYS.indexOf(base) >= 0;
    if (!table) {
      if (!isKnownPrefix(base)) return { code: '401', why: found[1] + ' is not a SCORM 1.2 data model element' };
      return kind === 'children'
        ? { code: '202', why: found[1] + ' has no _children' }
        : { code: '203', why: found[1] + ' is not an array: it has no _count' };
    }
    var missing = this.missingIndex(found[1] + '.', false);
    if (missing) return { code: '201', why: missing };
    return { code: '0', value: kind === 'children' ? CHILDREN[base] : String(this.count(found[1])) };
  };

  Api.prototype.count = function (array) { return Number(this.values[array + '._count'] || 0); };

  // Each index must name an existing entry; a set may also add the next one (index == _count).
  Api.prototype.missingIndex = function (element, adding) {
    var re = /\.(\d+)(?=\.|$)/g, found;
    while ((found = re.exec(element))) {
      var array = element.slice(0, found.index), index = Number(found[1]), count = this.count(array);
      if (index > count || (index === count && !adding)) {
        return element + ': ' + array + ' has ' + count + ' entr' + (count === 1 ? 'y' : 'ies') +
          (adding ? ' (add the next one as index ' + count + ')' : '');
      }
    }
    return '';
  };

  Api.prototype.grow = function (element) {
    var re = /\.(\d+)(?=\.|$)/g, found;
    while ((found = re.exec(element))) {
      var array = element.slice(0, found.index);
      if (Number(found[1]) === this.count(array)) this.values[array + '._count'] = String(this.count(array) + 1);
    }
  };

  Api.prototype.valid = function (element, spec, value) {
    if (!TYPES[spec.type](value)) return false;
    if (spec.type !== 'feedback') return true;
    // student_response and correct_responses.n.pattern: the format depends on the type, once set.
    var type = this.values[element.replace(/\.(student_response|correct_responses\.\d+\.pattern)$/, '.type')];
    return !FEEDBACK[type] || FEEDBACK[type].test(value);
  };

  // What an LMS does when a session ends (RTE 3.4.4): add session_time to total_time and,
  // with credit and a mastery score, judge passed/failed from the raw score.
  Api.prototype.closeSession = function () {
    var v = this.values;
    v['cmi.core.total_time'] = addTimespans(v['cmi.core.total_time'] || '0000:00:00', v['cmi.core.session_time'] || '00:00:00');
    var mastery = v['cmi.student_data.mastery_score'], raw = v['cmi.core.score.raw'];
    if (v['cmi.core.credit'] !== 'no-credit' && mastery !== undefined && mastery !== '' && raw !== undefined && raw !== '') {
      v['cmi.core.lesson_status'] = Number(raw) >= Number(mastery) ? 'passed' : 'failed';
    }
    this.store();
  };

  Api.prototype.store = function () {
    if (this.hooks.onStore) this.hooks.onStore(copy(this.values));
  };

  Api.prototype.snapshot = function () { return copy(this.values); };
  Api.prototype.isRunning = function () { return this.state === 'running'; };

  function seconds(timespan) {
    var parts = String(timespan).split(':');
    return Number(parts[0]) * 3600 + Number(parts[1]) * 60 + Number(parts[2]);
  }
  function addTimespans(a, b) {
    var cs = Math.round((seconds(a) + seconds(b)) * 100);
    var pad = function (n, len) { n = String(n); while (n.length < len) n = '0' + n; return n; };
    return pad(Math.min(Math.floor(cs / 360000), 9999), 4) + ':' + pad(Math.floor(cs / 6000) % 60, 2) + ':' +
      pad(Math.floor(cs / 100) % 60, 2) + (cs % 100 ? '.' + pad(cs % 100, 2) : '');
  }
  function copy(o) { return JSON.parse(JSON.stringify(o)); }

  // What the next launch starts with, given what the LMS kept (null: the learner's first visit).
  // RTE 3.4.4 cmi.core.entry: "ab-initio" the first time, "resume" after exit "suspend", else "".
  // exit and session_time belong to one session, so they start empty.
  function launchRecord(kept, lms) {
    var record = kept ? copy(kept) : {
      'cmi.core.lesson_status': 'not attempted',
      'cmi.core.total_time': '0000:00:00'
    };
    record['cmi.core.entry'] = !kept ? 'ab-initio' : kept['cmi.core.exit'] === 'suspend' ? 'resume' : '';
    delete record['cmi.core.exit'];
    delete record['cmi.core.session_time'];
    Object.keys(lms || {}).forEach(function (key) { record[key] = String(lms[key]); });
    return record;
  }

  w.ScormSim = { Api: Api, launchRecord: launchRecord, errors: ERRORS, addTimespans: addTimespans };
})(window);
