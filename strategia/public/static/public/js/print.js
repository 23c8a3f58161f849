// Printing: the footer's date becomes the day the page is printed, and every link carries
// its full address so that print.css can write it after the link text. Without this script
// the server's date of the page and the links' own addresses are printed instead.
(function () {
  "use strict";
  function prepare() {
    var date = document.getElementById("print-date");
    if (date) {
      var now = new Date();
      var language = document.documentElement.lang || "fi";
      date.textContent = now.toLocaleDateString(language === "en" ? "en-GB" : language + "-FI");
      date.setAttribute("datetime", now.toISOString().slice(0, 10));
    }
    var links = document.querySelectorAll("main a[href]");
    for (var i = 0; i < links.length; i++) {
      links[i].setAttribute("data-print-href", links[i].href);
    }
  }
  window.addEventListener("beforeprint", prepare);
  if (window.matchMedia) {
    var query = window.matchMedia("print");
    if (query.addEventListener) {
      query.addEventListener("change", function (event) { if (event.matches) { prepare(); } });
    }
  }
})();
