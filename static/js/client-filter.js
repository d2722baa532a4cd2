// Narrows the client list of the contact form as you type a roepnaam or client code.
document.addEventListener("DOMContentLoaded", () => {
  const input = document.getElementById("client-filter");
  const select = document.getElementById("id_client");
  if (!input || !select) {
    return;
  }
  input.hidden = false;
  input.addEventListener("input", () => {
    const needle = input.value.trim().toLowerCase();
    let first = null;
    for (const option of select.options) {
      const match = !option.value || option.text.toLowerCase().includes(needle);
      option.hidden = !match;
      if (match && option.value && first === null) {
        first = option;
      }
    }
    const current = select.selectedOptions[0];
    if (needle && first && (!current || !current.value || current.hidden)) {
      select.value = first.value;
    }
  });
});
