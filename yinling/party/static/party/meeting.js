// The meeting form: attendance by one tap a member, a reason for each absence, the group's members
// only at a group meeting. Without script the form still works: every row shows its reason list.
(function () {
  "use strict";
  var form = document.querySelector(".meeting-form");
  if (!form) return;
  var kind = form.querySelector("[name=kind]");
  var group = form.querySelector("[name=group]");
  var roll = form.querySelector(".roll");
  var rows = Array.prototype.slice.call(form.querySelectorAll(".roll-row"));
  var summary = form.querySelector(".js-roll-summary");
  var groupKind = roll ? roll.getAttribute("data-group-kind") : "group";

  function isGroupMeeting() { return kind && kind.value === groupKind; }

  function refresh() {
    var groupField = form.querySelector(".js-group-field");
    if (groupField) groupField.hidden = !isGroupMeeting();
    var only = isGroupMeeting() && group && group.value ? group.value : null;
    var expected = 0, present = 0;
    rows.forEach(function (row) {
      var inside = !only || row.getAttribute("data-group") === only;
      row.hidden = !inside;
      row.querySelectorAll("input, select").forEach(function (el) { el.disabled = !inside; });
      var box = row.querySelector(".roll-check");
      var absent = !box.checked;
      row.classList.toggle("is-absent", absent);
      row.querySelector(".roll-reason").hidden = !absent;
      if (inside) { expected += 1; if (!absent) present += 1; }
    });
    if (summary) summary.textContent = "应到 " + expected + " 人，实到 " + present + " 人";
  }

  form.addEventListener("change", refresh);
  var all = form.querySelector(".js-all-present");
  if (all) all.addEventListener("click", function () {
    rows.forEach(function (row) { if (!row.hidden) row.querySelector(".roll-check").checked = true; });
    refresh();
  });
  refresh();
})();
