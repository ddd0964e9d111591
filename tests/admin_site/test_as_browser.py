"""The admin test's stand-in for a browser sends what a browser sends."""

from tests.admin_site.as_browser import form_data

PAGE = """
<form id="other_form" method="post"><input name="elsewhere" value="x"></form>
<form id="rate_form" method="post">
  <input type="hidden" name="csrfmiddlewaretoken" value="t">
  <input type="number" name="comma" value="7,80">
  <input type="number" name="point" value="7.80">
  <input type="text" name="text" value="7,80" inputmode="decimal">
  <input type="checkbox" name="ticked" checked><input type="checkbox" name="unticked">
  <input type="text" name="off" value="1" disabled>
  <input type="submit" name="_save" value="Zapisz">
  <select name="first"><option value="a">A</option><option value="b">B</option></select>
  <select name="chosen"><option value="a">A</option><option value="b" selected>B</option></select>
  <select name="none" multiple><option value="a">A</option></select>
  <textarea name="note">
line</textarea>
</form>
"""


def test_a_number_input_holding_a_comma_is_sent_empty_as_a_browser_sends_it():
    data = form_data(PAGE, "rate_form")
    assert data["comma"] == [""]
    assert data["point"] == ["7.80"]
    assert data["text"] == ["7,80"]


def test_the_other_controls_are_sent_as_a_browser_sends_them():
    data = form_data(PAGE, "rate_form")
    assert data["ticked"] == ["on"] and "unticked" not in data
    assert "off" not in data and "_save" not in data and "elsewhere" not in data
    assert data["first"] == ["a"] and data["chosen"] == ["b"] and "none" not in data
    assert data["note"] == ["line"]
