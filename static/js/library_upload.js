// Drag-and-drop for a group's file library. Without this script the form is a plain
// file input that takes several files; with it, files can also be dropped on the form.
const form = document.querySelector('[data-module="library-upload"]');
if (form) {
  const input = form.querySelector('input[type="file"]');
  const zone = form.querySelector('[data-library-drop-zone]');
  const chosen = form.querySelector('[data-library-chosen]');

  const showChosen = () => {
    chosen.replaceChildren(
      ...Array.from(input.files, (file) => {
        const item = document.createElement('li');
        item.textContent = file.name;
        return item;
      }),
    );
  };

  zone.hidden = false;
  input.addEventListener('change', showChosen);
  ['dragenter', 'dragover'].forEach((name) =>
    form.addEventListener(name, (event) => {
      event.preventDefault();
      zone.classList.add('library-drop-zone--active');
    }),
  );
  ['dragleave', 'drop'].forEach((name) =>
    form.addEventListener(name, () => zone.classList.remove('library-drop-zone--active')),
  );
  form.addEventListener('drop', (event) => {
    event.preventDefault();
    const files = new DataTransfer();
    Array.from(event.dataTransfer.files).forEach((file) => files.items.add(file));
    input.files = files.files;
    showChosen();
  });
}
