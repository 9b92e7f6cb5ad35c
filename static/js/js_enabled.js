// Loaded first thing in <body>, before anything is drawn: tells the NHS.UK frontend's CSS that
// JavaScript runs (and whether this browser gets its components), with no inline script.
document.body.className +=
  ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' nhsuk-frontend-supported' : '');
