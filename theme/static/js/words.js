/* The sentences a script writes, in the page's language. The page gives them as JSON in
   <script type="application/json" data-script-words="NAME"> (components/scripts.html, from
   pipeline/site/wording.py's SCRIPT_WORDS); a message with plural forms gives one form per plural
   category, chosen here with Intl.PluralRules for the page's <html lang>. Placeholders like %(shown)s
   are filled with text, never parsed as HTML: only the page's own words may hold markup (a <span> or
   a <time>). */
(function () {
  "use strict";

  var PLACEHOLDER = /%\((\w+)\)[sd]/g;
  var KEPT_ATTRIBUTES = ["class", "datetime"];

  function scriptWords(name) {
    var block = document.querySelector('script[type="application/json"][data-script-words="' + name + '"]');
    var words = block ? JSON.parse(block.textContent) : {};
    var language = document.documentElement.lang || "en-GB";
    var plurals = new Intl.PluralRules(language);

    function form(key, count) {
      var message = words[key];
      return typeof message === "string" ? message : message[plurals.select(count)] || message.other;
    }

    function filled(text, values) {
      return text.replace(PLACEHOLDER, function (whole, name) {
        var value = values[name];
        return value instanceof Node ? value.textContent : String(value);
      });
    }

    /* The text's placeholders as nodes: a value that is a node is put in as it is, any other as text. */
    function appendFilled(parent, text, values) {
      var last = 0;
      text.replace(PLACEHOLDER, function (whole, name, offset) {
        parent.appendChild(document.createTextNode(text.slice(last, offset)));
        var value = values[name];
        parent.appendChild(value instanceof Node ? value : document.createTextNode(String(value)));
        last = offset + whole.length;
        return whole;
      });
      parent.appendChild(document.createTextNode(text.slice(last)));
    }

    /* The page's own markup in a message, rebuilt element by element with only its known attributes. */
    function appendMarkup(parent, source, values) {
      Array.prototype.forEach.call(source.childNodes, function (node) {
        if (node.nodeType === Node.TEXT_NODE) {
          appendFilled(parent, node.textContent, values);
        } else if (node.nodeType === Node.ELEMENT_NODE) {
          var copy = document.createElement(node.tagName.toLowerCase());
          KEPT_ATTRIBUTES.forEach(function (attribute) {
            if (node.hasAttribute(attribute)) {
              copy.setAttribute(attribute, filled(node.getAttribute(attribute), values));
            }
          });
          appendMarkup(copy, node, values);
          parent.appendChild(copy);
        }
      });
    }

    return {
      language: language,
      has: function (key) {
        return Object.prototype.hasOwnProperty.call(words, key);
      },
      /* The message as plain text; `count` chooses among plural forms. */
      text: function (key, values, count) {
        return filled(form(key, count), values || {});
      },
      /* The message as nodes to append, its markup kept and its placeholders filled. */
      nodes: function (key, values, count) {
        var fragment = document.createDocumentFragment();
        var parsed = new DOMParser().parseFromString(form(key, count), "text/html").body;
        appendMarkup(fragment, parsed, values || {});
        return fragment;
      },
      number: function (count) {
        return count.toLocaleString(language);
      }
    };
  }

  /* An element with a class and text: the one DOM helper the page scripts share, loaded with their words. */
  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) {
      made.className = className;
    }
    if (text !== undefined) {
      made.textContent = text;
    }
    return made;
  }

  window.pipelineScriptWords = scriptWords;
  window.pipelineElement = element;
})();
