/* scorm-builder runtime: one page at a time (without JS: one long document). docs/runtime.md */
(function (w, d) {
  'use strict';
  var SB = w.ScormBuilder, data = SB.data;
  var sections = [].slice.call(d.querySelectorAll('main section.page[data-page]'));
  var prev = d.getElementById('sb-prev'), next = d.getElementById('sb-next');
  var position = d.getElementById('sb-position'), back = d.getElementById('sb-back');
  // After a link to another page (a glossary term, a cross-reference): the page and link to return to.
  var returnTo = null;
  var links = [].slice.call(d.querySelectorAll('#sb-contents a[data-page]'));
  // Narrow screens: the contents are a disclosure (a button with aria-expanded), closed by default.
  var menu = d.getElementById('sb-menu'), contents = d.getElementById('sb-contents');
  var hooks = [];
  var nav = SB.nav = { index: -1, userMoved: false, sections: sections };

  function heading(sec) { return sec.querySelector('h1'); }
  function titleOf(sec) { var h = heading(sec); return h ? h.textContent.replace(/\s+/g, ' ').trim() : ''; }
  function idOf(sec) { return sec.getAttribute('data-page'); }
  if (!data.pages.length) data.pages = sections.map(function (s) { return { id: idOf(s), title: titleOf(s), questions: [] }; });

  nav.indexOf = function (id) {
    for (var i = 0; i < sections.length; i++) if (idOf(sections[i]) === id) return i;
    return -1;
  };
  nav.currentId = function () { return nav.index >= 0 ? idOf(sections[nav.index]) : null; };
  nav.onChange = function (fn) { hooks.push(fn); };

  // Show page i. opts: {source: 'start'|'user'|'link'|'restore', focus: bool, anchor: Element,
  //                    from: the link in the text that led here, offered as the way back}
  nav.show = function (i, opts) {
    opts = opts || {};
    if (typeof i === 'string') i = nav.indexOf(i);
    if (!(i >= 0 && i < sections.length)) return false;
    var changed = i !== nav.index, sec = sections[i], id = idOf(sec), title = titleOf(sec);
    offerReturn(opts.from && changed && nav.index >= 0 ? { index: nav.index, link: opts.from } : null);
    sections.forEach(function (s, k) { s.classList.toggle('is-current', k === i); });
    nav.index = i;
    if (prev) prev.disabled = i === 0;
    if (next) next.disabled = i === sections.length - 1;
    // A live region: rewritten with the same words (the page already shown), it is read out again.
    if (position && changed) position.textContent = 'Page ' + (i + 1) + ' of ' + sections.length;
    links.forEach(function (a) {
      if (a.getAttribute('data-page') === id) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
    var course = data.course.title || '';
    d.title = course && course !== title ? title + ' \u2013 ' + course : title;
    if (opts.source === 'user' || opts.source === 'link') nav.userMoved = true;
    if (changed) openMenu(false); // before the focus moves: closing it afterwards would shift the page up
    // Move focus so screen reader and keyboard users start reading the new page at its heading.
    var target = opts.anchor || (opts.focus ? heading(sec) : null);
    if (target) {
      if (!target.hasAttribute('tabindex') && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) target.setAttribute('tabindex', '-1');
      if (!opts.anchor) w.scrollTo(0, 0);
      try { target.focus(); } catch (e) { /* ignore */ }
      if (opts.anchor) target.scrollIntoView();
    }
    if (changed) {
      hooks.forEach(function (fn) { try { fn(id, i); } catch (e) { SB.log(e); } });
      SB.events.emit('pageview', {
        id: id, index: i, number: i + 1, total: sections.length, title: title, source: opts.source || 'user',
        viewed: SB.tracking ? SB.tracking.viewedCount() : undefined
      });
    }
    return true;
  };

  // A same-document link: "#p-id" (a page) or "#p-id--heading" (something inside a page).
  // from: a link in the page text, which the learner may want to come back to.
  function follow(id, source, from) {
    var el = id && d.getElementById(id);
    var sec = el && el.closest ? el.closest('section.page[data-page]') : null;
    if (!sec) {
      // Not in a page (the skip link's #main, the finish screen): move focus there without a
      // change of location.hash, which in an LMS frame would add to the LMS's history.
      if (!el || source === 'start') return false;
      if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
      el.focus();
      return true;
    }
    var anchor = el === sec || el === heading(sec) ? null : el;
    return nav.show(sections.indexOf(sec), { source: source, focus: true, anchor: anchor, from: from });
  }

  // The browser's Back button cannot help (we never change location.hash), so a link in the text
  // that leaves the page offers a way back to the link itself; any other move withdraws the offer.
  function offerReturn(place) {
    returnTo = place;
    if (!back) return;
    back.hidden = !place;
    if (place) back.querySelector('[data-role="title"]').textContent = titleOf(sections[place.index]);
  }
  function goBack() {
    if (returnTo) nav.show(returnTo.index, { source: 'user', focus: true, anchor: returnTo.link });
  }
  function openMenu(open) {
    if (!menu) return;
    menu.setAttribute('aria-expanded', open ? 'true' : 'false');
    contents.classList.toggle('is-open', open);
  }
  nav.openMenu = openMenu;
  function hashId() {
    try { return decodeURIComponent(w.location.hash.slice(1)); } catch (e) { return ''; }
  }

  nav.start = function () {
    var html = d.documentElement;
    if (!sections.length) return;
    if (!follow(hashId(), 'start')) nav.show(0, { source: 'start' });
    // Only now hide the other pages (CSS: .js .page:not(.is-current)).
    html.className = html.className.replace(/\bno-js\b/, '') + ' js';
    if (prev) prev.addEventListener('click', function () { nav.show(nav.index - 1, { source: 'user', focus: true }); });
    if (next) next.addEventListener('click', function () { nav.show(nav.index + 1, { source: 'user', focus: true }); });
    if (back) back.addEventListener('click', goBack);
    if (menu) {
      menu.addEventListener('click', function () { openMenu(menu.getAttribute('aria-expanded') !== 'true'); });
      // Escape closes the open contents and gives focus back to their button.
      contents.addEventListener('keydown', function (ev) {
        if (ev.key !== 'Escape' || menu.getAttribute('aria-expanded') !== 'true') return;
        openMenu(false);
        menu.focus();
      });
    }
    d.addEventListener('click', function (ev) {
      if (ev.defaultPrevented || ev.button || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
      var a = ev.target.closest ? ev.target.closest('a[href^="#"]') : null;
      var id = a ? a.getAttribute('href').slice(1) : '';
      try { id = decodeURIComponent(id); } catch (e) { /* keep as is */ }
      // We do not change location.hash: in an LMS frame that would add entries to the LMS's history.
      if (a && follow(id, 'link', a.closest('main') ? a : null)) ev.preventDefault();
    });
    w.addEventListener('hashchange', function () { follow(hashId(), 'link'); });
  };
})(window, document);
