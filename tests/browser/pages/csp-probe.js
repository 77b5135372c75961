// Records every Content-Security-Policy violation of the page for the test to read.
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) =>
  window.__violations.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sample}`),
);
