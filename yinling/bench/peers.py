"""The peers the benchmark measures against, each in its default configuration."""
from django.contrib import admin

from yinling.roster.models import Person


class PersonAdmin(admin.ModelAdmin):
    """Django admin's changelist as most projects set it up: search fields and list filters."""

    list_display = ["name", "gender", "birth_date", "category", "unit", "phone"]
    search_fields = ["name", "name_pinyin", "name_initials"]
    list_filter = ["category", "health_status"]


def register_admin() -> None:
    if not admin.site.is_registered(Person):
        admin.site.register(Person, PersonAdmin)


def import_export_resource(institution_id: int):
    """django-import-export's ModelResource for the same file and model (bench-only dependency).

    Column names are mapped because the file's headers are Chinese, blank cells default to ""
    because the model's text columns are NOT NULL; nothing else is tuned.
    """
    from import_export import fields, resources

    class PersonResource(resources.ModelResource):
        name = fields.Field(attribute="name", column_name="姓名")
        gender = fields.Field(attribute="gender", column_name="性别")
        birth_date = fields.Field(attribute="birth_date", column_name="出生日期")
        category = fields.Field(attribute="category", column_name="人员类别")
        post = fields.Field(attribute="post", column_name="职务", default="")
        title = fields.Field(attribute="title", column_name="职称", default="")
        phone = fields.Field(attribute="phone", column_name="联系电话", default="")
        address = fields.Field(attribute="address", column_name="家庭住址", default="")

        class Meta:
            model = Person
            fields = ("name", "gender", "birth_date", "category", "post", "title", "phone", "address")
            import_id_fields = ()

        def before_save_instance(self, instance, row, **kwargs):
            instance.institution_id = institution_id  # the one thing the model cannot do without

    return PersonResource()
