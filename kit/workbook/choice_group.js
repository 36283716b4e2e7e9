// One question, several answers, one of them chosen: a native radio group.
//
// The radios share a name, so the browser treats them as one group: Tab enters and leaves
// the group, the arrow keys move between its answers (and choose them), Space chooses. The
// question is the group's <legend>, so a screen reader announces it with each answer.
// JupyterLab's notebook shortcuts would otherwise take the arrow keys (moving to the next
// cell); data-lm-suppress-shortcuts and stopping the keys here keep them in the group.

let groups = 0;

function render({ model, el }) {
  groups += 1;
  const name = `nr-choice-${groups}-${Math.random().toString(36).slice(2, 10)}`;
  const fieldset = document.createElement("fieldset");
  fieldset.className = "nr-choice-group";
  fieldset.setAttribute("data-lm-suppress-shortcuts", "true");
  const legend = document.createElement("legend");
  legend.className = "nr-choice-legend";
  fieldset.append(legend);
  el.append(fieldset);
  el.classList.add("nr-choice-widget");

  fieldset.addEventListener("keydown", (event) => {
    if (event.key.startsWith("Arrow")) {
      event.stopPropagation();
    }
  });

  let inputs = [];

  function showValue() {
    const value = model.get("value");
    const options = model.get("options");
    inputs.forEach((input, index) => {
      input.checked = value !== null && options[index][1] === value;
    });
  }

  function draw() {
    const description = model.get("description");
    legend.textContent = description;
    legend.hidden = !description;
    fieldset.classList.toggle("nr-horizontal", model.get("horizontal"));
    fieldset.querySelectorAll(".nr-choice").forEach((label) => label.remove());
    inputs = model.get("options").map(([text, value], index) => {
      const label = document.createElement("label");
      label.className = "nr-choice";
      const input = document.createElement("input");
      input.type = "radio";
      input.name = name;
      input.value = String(index);
      input.addEventListener("change", () => {
        if (input.checked) {
          model.set("value", value);
          model.save_changes();
        }
      });
      const span = document.createElement("span");
      span.textContent = text;
      label.append(input, span);
      fieldset.append(label);
      return input;
    });
    fieldset.disabled = model.get("disabled");
    showValue();
  }

  model.on("change:options", draw);
  model.on("change:description", draw);
  model.on("change:horizontal", draw);
  model.on("change:value", showValue);
  model.on("change:disabled", () => {
    fieldset.disabled = model.get("disabled");
  });
  draw();
}

export default { render };
