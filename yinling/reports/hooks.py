"""The home page is the first entry of every staff member's menu."""
from yinling.core.plugins import menu_item

menu_item(label="工作台", url_name="reports:home", icon="speedometer2", capability=None, order=0)
