/* SEND Voice web chat client. Plain JavaScript, no build step.
 *
 * - Every text the user or the bot sends is put on the page with textContent (links are built as elements),
 *   never as HTML, so nothing anyone types can run or restyle the page.
 * - New messages go into the role="log" region, which screen readers announce; messages restored after a
 *   reload go into a region above it that is not announced again.
 * - Focus moves only when the user acts (after a quick reply the input takes focus, because the button they
 *   pressed is gone); arriving messages never move it.
 * - The conversation lives in sessionStorage: it survives a reload, and closing the tab leaves nothing behind
 *   on a shared computer. "Start again" forgets it and starts a new conversation.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "sendvoice-webchat";
  var OPENING_PAYLOAD = "/open_chat";
  var MAX_STORED_MESSAGES = 200;
  var URL_PATTERN = /(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)])/g;

  var conversation = document.getElementById("conversation");
  var earlier = document.getElementById("earlier");
  var log = document.getElementById("log");
  var typing = document.getElementById("typing");
  var status = document.getElementById("status");
  var form = document.getElementById("composer");
  var input = document.getElementById("message");
  var startAgain = document.getElementById("start-again");

  var state = load();
  var sessionConfirmed = false;
  var outbox = [];
  var typingTimer = null;
  var userHasSpoken = false;

  function load() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) || "null");
      if (saved && typeof saved.sessionId === "string" && Array.isArray(saved.messages)) {
        return saved;
      }
    } catch (error) { /* storage blocked or corrupt: start fresh */ }
    return { sessionId: null, messages: [] };
  }

  function save() {
    state.messages = state.messages.slice(-MAX_STORED_MESSAGES);
    try {
      window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    } catch (error) { /* private mode without storage: the chat still works, it just won't survive a reload */ }
  }

  function appendText(parent, text) {
    var position = 0;
    String(text).replace(URL_PATTERN, function (url, _group, offset) {
      parent.appendChild(document.createTextNode(text.slice(position, offset)));
      var link = document.createElement("a");
      link.href = url;
      link.textContent = url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      parent.appendChild(link);
      position = offset + url.length;
      return url;
    });
    parent.appendChild(document.createTextNode(String(text).slice(position)));
  }

  function removeQuickReplies() {
    var groups = document.querySelectorAll(".quick-replies");
    for (var i = 0; i < groups.length; i += 1) {
      groups[i].parentNode.removeChild(groups[i]);
    }
  }

  function renderMessage(message, region) {
    var item = document.createElement("div");
    item.className = "message message-" + (message.from === "user" ? "user" : "bot");
    var who = document.createElement("span");
    who.className = "who";
    who.textContent = message.from === "user" ? "You said:" : "SEND Voice said:";
    var body = document.createElement("p");
    body.className = "text";
    appendText(body, message.text || "");
    item.appendChild(who);
    item.appendChild(body);
    if (message.quickReplies && message.quickReplies.length) {
      removeQuickReplies();
      var group = document.createElement("div");
      group.className = "quick-replies";
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "Choose a reply");
      message.quickReplies.forEach(function (reply) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = reply.title;
        button.addEventListener("click", function () {
          choose(reply);
        });
        group.appendChild(button);
      });
      item.appendChild(group);
    }
    region.appendChild(item);
  }

  function innerScrolling() {
    return window.getComputedStyle(conversation).overflowY !== "visible";
  }

  function nearBottom() {
    if (innerScrolling()) {
      return conversation.scrollHeight - conversation.scrollTop - conversation.clientHeight < 150;
    }
    var page = document.scrollingElement || document.documentElement;
    return page.scrollHeight - page.scrollTop - window.innerHeight < 150;
  }

  function add(message) {
    // Follow the conversation only if the reader is already at its end: someone reading back is not yanked away,
    // and a page that has only just opened keeps its top (the safety line) in view.
    var follow = nearBottom() && (innerScrolling() || userHasSpoken);
    state.messages.push(message);
    save();
    renderMessage(message, log);
    if (follow) {
      if (innerScrolling()) {
        conversation.scrollTop = conversation.scrollHeight;
      } else {
        window.scrollTo(0, (document.scrollingElement || document.documentElement).scrollHeight);
      }
    }
  }

  function setStatus(text) {
    status.textContent = text;
  }

  function showTyping(on) {
    window.clearTimeout(typingTimer);
    typing.hidden = !on;
    if (on) {
      // If no answer comes, say so rather than spin for ever.
      typingTimer = window.setTimeout(function () { typing.hidden = true; }, 20000);
    }
  }

  function deliver(text) {
    if (sessionConfirmed && socket.connected) {
      socket.emit("user_uttered", { message: text, session_id: state.sessionId });
    } else {
      outbox.push(text);
    }
    showTyping(true);
  }

  function send(text, shownAs) {
    // Choices are for the latest question only: once the user answers, they go (also from the saved copy).
    state.messages.forEach(function (message) { delete message.quickReplies; });
    removeQuickReplies();
    userHasSpoken = true;
    add({ from: "user", text: shownAs || text });
    deliver(text);
  }

  function choose(reply) {
    send(reply.payload, reply.title);
    // The pressed button has just been removed; put focus where the conversation continues.
    input.focus();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) {
      setStatus("Type a message first, then press Send.");
      return;
    }
    if (status.textContent === "Type a message first, then press Send.") {
      setStatus("");
    }
    input.value = "";
    send(text);
  });

  startAgain.addEventListener("click", function () {
    state = { sessionId: null, messages: [] };
    save();
    earlier.textContent = "";
    log.textContent = "";
    outbox = [];
    showTyping(false);
    sessionConfirmed = false;
    setStatus("You have started a new chat. The old one is cleared from this page.");
    socket.emit("session_request", { session_id: null });
  });

  // Put back the conversation from before a reload, without announcing it again.
  state.messages.forEach(function (message) {
    renderMessage(message, earlier);
  });
  conversation.scrollTop = conversation.scrollHeight;

  var socket = window.io({ path: window.location.pathname.replace(/\/?$/, "/") + "socket.io" });

  socket.on("connect", function () {
    if (status.textContent.indexOf("Connection lost") === 0) {
      setStatus("Connected again.");
    }
    socket.emit("session_request", { session_id: state.sessionId });
  });

  socket.on("session_confirm", function (sessionId) {
    var isNew = sessionId !== state.sessionId;
    state.sessionId = sessionId;
    sessionConfirmed = true;
    if (isNew) {
      // A new conversation (first visit, "Start again", or an old one the server no longer accepts).
      state.messages = [];
      save();
      earlier.textContent = "";
      log.textContent = "";
      deliver(OPENING_PAYLOAD);
    }
    var waiting = outbox;
    outbox = [];
    waiting.forEach(deliver);
  });

  socket.on("bot_uttered", function (message) {
    if (!message || (typeof message.text !== "string" && !message.quick_replies)) {
      return;
    }
    showTyping(false);
    var quickReplies = (message.quick_replies || []).filter(function (reply) {
      return reply && typeof reply.title === "string" && typeof reply.payload === "string";
    }).map(function (reply) {
      return { title: reply.title, payload: reply.payload };
    });
    add({ from: "bot", text: message.text || "", quickReplies: quickReplies });
  });

  socket.on("disconnect", function () {
    sessionConfirmed = false;
    setStatus("Connection lost. Trying to reconnect… Your messages will be sent when it is back.");
  });

  socket.on("connect_error", function () {
    setStatus("Connection lost. Trying to reconnect… Your messages will be sent when it is back.");
  });
})();
