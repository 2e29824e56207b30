/**
 * The portal's progressive enhancement. Every page works without it; with it: copy buttons,
 * times in the reader's zone, the delete confirmation as a modal <dialog>, and a delivery
 * history that refreshes itself while deliveries are still in flight.
 */
export const PORTAL_JS = `
(function () {
  'use strict';

  function localTimes(root) {
    var thisYear = new Date().getFullYear();
    var short = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    var long = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    root.querySelectorAll('time[data-local-time]').forEach(function (node) {
      var date = new Date(node.getAttribute('datetime'));
      if (!isNaN(date.getTime())) {
        node.title = node.textContent;
        node.textContent = (date.getFullYear() === thisYear ? short : long).format(date);
      }
    });
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    var done = document.execCommand('copy');
    document.body.removeChild(area);
    return done ? Promise.resolve() : Promise.reject(new Error('copy refused'));
  }

  function copyButtons(root) {
    root.querySelectorAll('button[data-copy]').forEach(function (button) {
      var source = document.getElementById(button.getAttribute('data-copy'));
      if (!source) return;
      button.hidden = false;
      var label = button.querySelector('span');
      button.addEventListener('click', function () {
        copyText(source.textContent.trim()).then(function () {
          label.textContent = 'Copied';
        }, function () {
          label.textContent = 'Select and copy';
        });
        setTimeout(function () { label.textContent = 'Copy'; }, 2500);
      });
    });
  }

  function dialogs(root) {
    root.querySelectorAll('[data-opens-dialog]').forEach(function (trigger) {
      var dialog = document.getElementById(trigger.getAttribute('data-opens-dialog'));
      if (!dialog || typeof dialog.showModal !== 'function') return;
      trigger.addEventListener('click', function (event) {
        event.preventDefault();
        dialog.showModal();
        var first = dialog.querySelector('[data-dialog-initial]');
        if (first) first.focus();
      });
      dialog.addEventListener('close', function () { trigger.focus(); });
      dialog.querySelectorAll('[data-closes-dialog]').forEach(function (button) {
        button.addEventListener('click', function (event) {
          event.preventDefault();
          dialog.close();
        });
      });
    });
  }

  // Every [data-live-region] is refreshed from a fresh copy of the page while one of them
  // says data-pending="true" (a delivery in flight), and left alone while the reader is in it.
  function liveRegions() {
    var regions = Array.prototype.slice.call(document.querySelectorAll('[data-live-region]'));
    function pending() {
      return regions.some(function (region) { return region.getAttribute('data-pending') === 'true'; });
    }
    if (!pending() || !window.fetch || !window.DOMParser) return;
    var rounds = 0;
    var timer = setInterval(function () {
      rounds += 1;
      if (rounds > 100) return clearInterval(timer);
      var busy = regions.some(function (region) { return region.contains(document.activeElement); });
      if (busy || document.querySelector('dialog[open]')) return;
      fetch(window.location.href, { credentials: 'same-origin', headers: { accept: 'text/html' } })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(new Error(String(response.status))); })
        .then(function (text) {
          var fresh = new DOMParser().parseFromString(text, 'text/html');
          regions.forEach(function (region) {
            var copy = fresh.getElementById(region.id);
            if (!copy) return;
            region.innerHTML = copy.innerHTML;
            if (region.hasAttribute('data-pending')) region.setAttribute('data-pending', copy.getAttribute('data-pending') || 'false');
            localTimes(region);
          });
          if (!pending()) clearInterval(timer);
        })
        .catch(function () { clearInterval(timer); });
    }, 3000);
  }

  document.addEventListener('DOMContentLoaded', function () {
    localTimes(document);
    copyButtons(document);
    dialogs(document);
    liveRegions();
  });
})();
`;
