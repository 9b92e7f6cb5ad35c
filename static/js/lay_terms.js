// Escape hides an open glossary definition; it shows again on the next hover or focus.
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  document.querySelectorAll('.lay-term').forEach((term) => term.classList.add('lay-term--dismissed'));
});
for (const name of ['focusin', 'mouseover']) {
  document.addEventListener(name, (event) => {
    const term = event.target.closest && event.target.closest('.lay-term');
    if (term) term.classList.remove('lay-term--dismissed');
  });
}
