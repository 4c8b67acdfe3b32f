// Payment and dedicated-address page behaviour: live countdown, live updates over Server-Sent Events, copy buttons,
// return to the store after payment, and messages to an embedding parent. The page is complete
// without this script; it only keeps the page current without reloading it.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var main, events, retryTimer, lastState, lastShape, returnTimer;
  // latest is the newest event; swaps counts page fetches, so that only the newest one lands.
  var latest, swaps = 0;

  function text(id, value) {
    var el = $(id);
    if (el && el.textContent !== value) el.textContent = value;
  }

  // Countdown: "14 minutes left", then "42 seconds left", plural forms from the page (CLDR
  // categories, as Intl uses).
  var plural;
  function counted(json, n) {
    var forms;
    try { forms = JSON.parse(json || "{}"); } catch (e) { forms = {}; }
    try { plural = plural || new Intl.PluralRules(document.documentElement.lang); } catch (e) { plural = null; }
    var form = forms[plural ? plural.select(n) : "other"] || forms.other || "";
    return form.replace(/\{\{\s*\.Count\s*\}\}/g, String(n));
  }
  function tick() {
    var el = $("countdown");
    if (!el) return;
    var left = Number(el.getAttribute("data-end")) * 1000 - Date.now();
    var out;
    if (left <= 0) out = el.getAttribute("data-over");
    else if (left < 60000) out = counted(el.getAttribute("data-seconds"), Math.ceil(left / 1000));
    else out = counted(el.getAttribute("data-plural"), Math.floor(left / 60000));
    if (out && el.textContent !== out) el.textContent = out;
    if (left <= 0) expireAtDeadline();
  }

  // At end_date the page stops inviting a payment at once: it shows the expired screen the server
  // gave it in advance, then fetches the server's own screen a little later, which confirms it
  // (or shows what the gateway decided instead, e.g. a payment that arrived in the last second).
  var expiredHere = false;
  function expireAtDeadline() {
    if (expiredHere || !main) return;
    var next = main.getAttribute("data-expired-state"), state = main.getAttribute("data-state");
    if (!next || (state !== "waiting" && state !== "partial")) return;
    expiredHere = true;
    main.setAttribute("data-state", next);
    main.className = main.className.replace(/\bstate-\S+/, "state-" + next);
    var status = main.querySelector("[data-testid=status]");
    if (status) {
      status.setAttribute("data-state", next);
      status.className = status.className.replace(/\bstatus-\S+/, "status-" + next);
    }
    text("headline", main.getAttribute("data-expired-headline"));
    text("detail", main.getAttribute("data-expired-detail"));
    var hide = main.querySelectorAll(".pay, [data-testid=open-amount]");
    for (var i = 0; i < hide.length; i++) hide[i].hidden = true;
    changed({ state: next, headline: main.getAttribute("data-expired-headline") });
    setTimeout(function () { refreshMain(function (st) { return st !== "waiting" && st !== "partial"; }); }, 3000);
  }

  // The deadline comes in UTC, laid out for the language; the browser knows the payer's zone, so
  // it writes it again in local time, with Latin digits (as the amounts) and the Gregorian
  // calendar (as the store's records).
  // Every other date of the page (deposits, transactions, the receipt) likewise, and each names
  // its zone, as the server's UTC text does.
  var dateFormat;
  function localTime(el) {
    if (!el || !window.Intl || !Intl.DateTimeFormat) return;
    var when = new Date(el.getAttribute("datetime"));
    if (isNaN(when.getTime())) return;
    try {
      dateFormat = dateFormat || new Intl.DateTimeFormat(document.documentElement.lang + "-u-ca-gregory-nu-latn",
        { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
      var out = dateFormat.format(when);
      if (el.textContent !== out) el.textContent = out;
    } catch (e) { /* the server's UTC text stays */ }
  }
  function localDates() {
    localTime($("deadline"));
    var all = document.querySelectorAll("time.local-time");
    for (var i = 0; i < all.length; i++) localTime(all[i]);
  }

  // Copy buttons are hidden until this script can make them work.
  function copy(button) {
    var source = $(button.getAttribute("data-copy"));
    if (!source) return;
    var value = source.textContent.trim(), label = button.textContent;
    var done = function () {
      button.textContent = button.getAttribute("data-copied");
      button.classList.add("done");
      announce(button.getAttribute("data-copied"));
      setTimeout(function () { button.textContent = label; button.classList.remove("done"); }, 2000);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(value).then(done, function () { select(source); });
    } else {
      select(source);
    }
  }
  function select(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  function announce(message) {
    var region = $("announce");
    if (!region || !message) return;
    region.textContent = "";
    setTimeout(function () { region.textContent = message; }, 50);
  }

  // Messages to the embedding parent: only to the origins the store configured, never "*".
  function tellParent(message) {
    if (window.parent === window || !main) return;
    var origins = (main.getAttribute("data-origins") || "").split(" ");
    for (var i = 0; i < origins.length; i++) {
      if (origins[i]) {
        try { window.parent.postMessage(message, origins[i]); } catch (e) { /* a bad origin is skipped */ }
      }
    }
  }
  var lastHeight = 0;
  function tellHeight() {
    var h = document.documentElement.scrollHeight;
    if (h !== lastHeight) {
      lastHeight = h;
      tellParent({ type: "checkout.resize", height: h });
    }
  }
  function tellStatus() {
    tellParent({
      type: "checkout.status", payment_id: main.getAttribute("data-payment"),
      state: main.getAttribute("data-state"), status: main.getAttribute("data-status")
    });
  }

  // The shape of a screen: what it contains. Within a shape an event only changes text; a new
  // shape takes the server's rendering of the new screen.
  function shape(s) {
    return [s.state, !!s.amount, !!s.fiat, !!s.remaining, !!s.confirmations, !!s.total, !!s.note].join("|");
  }
  function apply(s) {
    text("headline", s.headline);
    text("detail", s.detail);
    text("note", s.note);
    text("pay-amount", s.amount);
    text("pay-fiat", s.fiat);
    text("received", s.received);
    text("remaining", s.remaining);
    text("confirmations", s.confirmations);
    text("tx-heading", s.tx_heading);
    if (s.card_price) { text("card-price", s.card_price); text("card-pay-button", s.card_button); }
    var qr = $("qr");
    if (qr && s.qr_url && qr.getAttribute("src") !== s.qr_url) qr.setAttribute("src", s.qr_url);
    var wallet = $("wallet-link");
    if (wallet && /^(bitcoin|litecoin|ethereum):/.test(s.wallet_uri)) wallet.setAttribute("href", s.wallet_uri);
    renderTransactions(s);
  }
  function renderTransactions(s) {
    var list = $("tx-list");
    if (!list) return;
    var section = list.parentNode;
    while (list.firstChild) list.removeChild(list.firstChild);
    (s.transactions || []).forEach(function (t) {
      var li = document.createElement("li");
      li.className = "tx" + (t.confirmed ? " tx-confirmed" : "") + (t.late ? " tx-late" : "");
      li.setAttribute("data-testid", "tx");
      var amount = document.createElement("span");
      amount.className = "tx-amount";
      amount.dir = "ltr";
      var figure = document.createElement("bdi");
      figure.setAttribute("data-testid", "tx-amount");
      figure.textContent = t.amount;
      amount.appendChild(figure);
      var status = document.createElement("span");
      status.className = "tx-status";
      status.textContent = t.status;
      li.appendChild(amount);
      li.appendChild(status);
      if (t.date_iso) {
        var date = document.createElement("time");
        date.className = "local-time tx-date";
        date.setAttribute("datetime", t.date_iso);
        date.setAttribute("data-testid", "tx-date");
        date.textContent = t.date;
        li.appendChild(date);
        localTime(date);
      }
      if (t.emulated) {
        // A test store's hash is made up: shown, never linked to a live explorer.
        var made = document.createElement("span");
        made.className = "tx-hash";
        made.setAttribute("data-testid", "tx-hash");
        made.textContent = (section.getAttribute("data-emulated") || "") + " ";
        var h = document.createElement("bdi");
        h.dir = "ltr";
        h.className = "mono";
        h.textContent = t.short_hash;
        made.appendChild(h);
        li.appendChild(made);
      } else if (/^https:\/\//.test(t.explorer_url)) {
        var a = document.createElement("a");
        a.className = "tx-link";
        a.href = t.explorer_url;
        a.rel = "noopener noreferrer";
        a.target = "_blank";
        a.textContent = (section.getAttribute("data-explorer") || "") + " ";
        var hash = document.createElement("bdi");
        hash.dir = "ltr";
        hash.className = "mono";
        hash.textContent = t.short_hash;
        a.appendChild(hash);
        li.appendChild(a);
      }
      list.appendChild(li);
    });
    section.hidden = !(s.transactions && s.transactions.length);
  }

  // A new screen: fetch the page again and put its <main> in place of ours.
  // Events that arrive while the page is being fetched are newer than the page that comes back, so
  // the newest event is applied on top of it, and a fetch overtaken by a newer one is dropped.
  function swap(s) {
    var url = main.getAttribute("data-page");
    if (!url || !window.fetch || !window.DOMParser) { location.reload(); return; }
    var mine = ++swaps;
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) {
        if (mine !== swaps) return;
        var next = new DOMParser().parseFromString(html, "text/html").getElementById("checkout");
        if (!next) throw new Error("no page");
        main.parentNode.replaceChild(document.importNode(next, true), main);
        setup();
        if (latest.version === undefined) apply(latest);
        changed(latest);
      })
      .catch(function () { if (mine === swaps && latest.version === undefined) apply(latest); });
  }

  // Fetches this page again and puts its <main> in place of ours when keep accepts its state (no
  // keep: any state). A failed fetch leaves the page as it is.
  function refreshMain(keep) {
    var url = main && main.getAttribute("data-page");
    if (!url || !window.fetch || !window.DOMParser) return;
    var mine = ++swaps;
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, "text/html").getElementById("checkout");
        if (mine !== swaps || !next || (keep && !keep(next.getAttribute("data-state")))) return;
        main.parentNode.replaceChild(document.importNode(next, true), main);
        setup();
        var h = $("headline");
        changed({ state: main.getAttribute("data-state"), headline: h ? h.textContent : "" });
      })
      .catch(function () { /* the gateway is still away: the page stays as it is */ });
  }

  function changed(s) {
    if (s.state === lastState) return;
    var before = lastState;
    lastState = s.state;
    announce(s.headline);
    tellStatus();
    if (s.state === "paid" && before && before !== "paid") returnSoon();
  }

  // After paying, back to the store by itself, unless embedded (the parent decides then) or the
  // payer prefers to stay. The page says so before it happens.
  function returnSoon() {
    var to = main.getAttribute("data-success"), note = $("auto-return");
    if (!to || !/^https?:\/\//.test(to) || window.top !== window || !note) return;
    note.hidden = false;
    announce(note.firstChild ? note.firstChild.textContent.trim() : "");
    var stay = $("stay");
    if (stay) stay.addEventListener("click", function () { clearTimeout(returnTimer); note.hidden = true; });
    returnTimer = setTimeout(function () { location.assign(to); }, 6000);
  }

  function onEvent(e) {
    var s;
    try { s = JSON.parse(e.data); } catch (err) { return; }
    latest = s;
    // A dedicated address's event only says which version of the page is current: any other
    // takes the server's new rendering.
    if (s.version !== undefined) {
      if (s.version !== main.getAttribute("data-version")) swap(s);
      return;
    }
    var sh = shape(s), first = lastShape === undefined;
    // The first event is compared with the page as rendered: it may already carry a change that
    // came while the page loaded.
    if (first ? s.state !== main.getAttribute("data-state") || !!s.note !== !!$("note") : sh !== lastShape) {
      lastShape = sh;
      swap(s);
      return;
    }
    lastShape = sh;
    apply(s);
    changed(s);
  }

  // When the live stream fails several times in a row (the server or the gateway is away), the
  // page stops waiting on it and refreshes itself instead, every REFRESH ms, trying the stream
  // again now and then; the first message of a stream that works again ends the fallback.
  var failures = 0, refreshTimer, MAX_FAILURES = 3, REFRESH = 15000, RETRY_STREAM = 60000;
  function streamFailed() {
    failures++;
    if (failures < MAX_FAILURES) return false;
    if (events) { events.close(); events = null; }
    if (!refreshTimer) refreshTimer = setInterval(function () { refreshMain(); }, REFRESH);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, RETRY_STREAM);
    return true;
  }
  function streamWorks() {
    failures = 0;
    if (refreshTimer) { clearInterval(refreshTimer); refreshTimer = null; }
  }

  function connect() {
    var url = main && main.getAttribute("data-events");
    if (!url || !window.EventSource) return;
    if (events) events.close();
    events = new EventSource(url);
    events.onopen = streamWorks;
    events.onmessage = onEvent;
    events.onerror = function () {
      if (streamFailed()) return;
      // The browser retries by itself unless the server refused the stream (503, 404): then later.
      if (events && events.readyState === 2) {
        clearTimeout(retryTimer);
        retryTimer = setTimeout(connect, 15000);
      }
    };
  }

  function setup() {
    localDates();
    main = $("checkout");
    if (!main) return;
    var buttons = main.querySelectorAll("[data-copy]");
    for (var i = 0; i < buttons.length; i++) buttons[i].hidden = false;
    tick();
    tellHeight();
  }

  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-copy]");
    if (b) copy(b);
    if (e.target.id === "print") window.print();
  });
  // Inside a merchant's iframe the merchant's page is the frame: no outer background or padding.
  if (window.top !== window.self) document.documentElement.classList.add("framed");
  document.addEventListener("DOMContentLoaded", function () {
    var print = $("print");
    if (print && window.print) print.hidden = false;
    setup();
    if (!main) return;
    lastState = main.getAttribute("data-state");
    tellStatus();
    connect();
    setInterval(tick, 1000);
    // A page kept in the back-forward cache would keep its stream, and with it one of the
    // browser's six connections to this site: a few pages later the next one could not load.
    // Close the stream when the page is hidden and open it again if the page comes back.
    window.addEventListener("pagehide", function () {
      clearTimeout(retryTimer);
      if (events) { events.close(); events = null; }
    });
    window.addEventListener("pageshow", function (e) { if (e.persisted && !events) connect(); });
    if (window.ResizeObserver) new ResizeObserver(tellHeight).observe(document.body);
    else setInterval(tellHeight, 1000);
  });
})();
