// The stylesheet (light and dark, 375 px and up) and the script: '/' focuses the query box,
// Escape leaves it, changing the sort or recency submits the form.
#include "searcher/server/assets.h"

namespace kensaku::server {
namespace {

constexpr std::string_view kCss =
    R"css(:root{--bg:#fff;--fg:#1b1b1b;--muted:#555;--link:#0645ad;--mark:#ffe58a;--line:#ddd;--focus:#1a73e8}
@media (prefers-color-scheme:dark){:root{--bg:#121212;--fg:#e8e8e8;--muted:#aaa;--link:#8ab4f8;--mark:#6b5900;--line:#333;--focus:#8ab4f8}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,sans-serif}
a{color:var(--link)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,main:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
mark{background:var(--mark);color:inherit;padding:0 .1em}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:var(--bg);padding:4px}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
header{padding:12px 16px;border-bottom:1px solid var(--line)}
.brand{font-weight:700;font-size:1.2em;text-decoration:none;margin-right:12px}
.search .box{display:flex;gap:8px;margin:8px 0}
.search input[type=search]{flex:1;min-width:0;font-size:1em;padding:8px;border:1px solid var(--muted);border-radius:4px;background:var(--bg);color:var(--fg)}
button,select,input{font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--muted);border-radius:4px;padding:6px 10px}
.options{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:center;font-size:.9em}
.layout{display:flex;flex-direction:column;gap:16px;padding:16px;max-width:1200px;margin:0 auto}
main{flex:1;min-width:0}
aside{font-size:.9em}
aside h2{font-size:1em;margin:12px 0 4px;text-transform:capitalize}
aside ul,.pages ul{list-style:none;margin:0;padding:0}
aside li{padding:2px 0}.count{color:var(--muted)}.on{font-weight:700}
.summary{font-size:1.1em;font-weight:600}
.hits{list-style:none;margin:0;padding:0}
.hit{padding:12px 0;border-bottom:1px solid var(--line);overflow-wrap:anywhere}
.hit h2{font-size:1.1em;margin:0}.rank{color:var(--muted);font-weight:400}
.meta{color:var(--muted);margin:2px 0;font-size:.9em}
.fragment{margin:4px 0}.more{margin:4px 0;font-size:.9em}
.pages ul{display:flex;flex-wrap:wrap;gap:8px;margin-top:16px}
.pages a,.pages span{display:inline-block;padding:4px 10px;border:1px solid var(--line);border-radius:4px}
.note,.suggestion{background:color-mix(in srgb,var(--mark) 30%,transparent);padding:6px 10px;border-radius:4px}
article{overflow-wrap:anywhere}
footer{padding:16px;color:var(--muted);font-size:.85em;border-top:1px solid var(--line)}
@media (min-width:800px){.layout{flex-direction:row}aside{width:260px;order:-1}}
)css";

constexpr std::string_view kJs = R"js(// Kensaku page enhancements; the page works without them.
'use strict';
document.addEventListener('keydown', function (event) {
  var box = document.getElementById('q');
  if (!box) return;
  var target = event.target;
  var typing = target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' ||
                          target.tagName === 'SELECT' || target.isContentEditable);
  if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
    event.preventDefault();
    box.focus();
    box.select();
  } else if (event.key === 'Escape' && target === box) {
    box.blur();
  }
});
document.addEventListener('DOMContentLoaded', function () {
  ['sort', 'recent'].forEach(function (id) {
    var select = document.getElementById(id);
    var box = document.getElementById('q');
    if (select && select.form && box && box.value.trim() !== '') {
      select.addEventListener('change', function () { select.form.submit(); });
    }
  });
});
)js";

constexpr std::string_view kIcon =
    R"svg(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="6.5" cy="6.5" r="4.5" fill="none" stroke="#1a73e8" stroke-width="2"/><path d="M10 10l5 5" stroke="#1a73e8" stroke-width="2"/></svg>)svg";

}  // namespace

std::optional<Asset> find_asset(std::string_view path) {
  if (path == "/assets/app.css") return Asset{"text/css; charset=utf-8", kCss};
  if (path == "/assets/app.js") return Asset{"text/javascript; charset=utf-8", kJs};
  if (path == "/assets/icon.svg" || path == "/favicon.ico") return Asset{"image/svg+xml", kIcon};
  return std::nullopt;
}

}  // namespace kensaku::server
