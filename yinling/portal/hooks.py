from yinling.core.plugins import menu_item

from .access import PORTAL_SELF

# landing: the home page sends a retiree (who has no staff cards) straight here.
menu_item(label="我的信息", url_name="portal:home", icon="house-heart", capability=PORTAL_SELF, order=5, landing=True)
