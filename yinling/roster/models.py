"""The information base of retirees (离退休人员信息库): people, their family contacts, tags."""
from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse

from yinling.lib import ages
from yinling.lib.mask import mask_id_tail, mask_phone


class Tag(models.Model):
    """Hobbies and skills (书法, 摄影 …) and service needs (就医陪诊 …)."""

    class Kind(models.TextChoices):
        HOBBY = "hobby", "爱好特长"
        NEED = "need", "服务需求"

    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    name = models.CharField("名称", max_length=30)

    class Meta:
        verbose_name = "标签"
        verbose_name_plural = "标签"
        ordering = ["kind", "id"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="tag_unique_per_kind")]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    class Gender(models.TextChoices):
        MALE = "M", "男"
        FEMALE = "F", "女"

    class Category(models.TextChoices):
        LIXIU = "lixiu", "离休"
        TUIXIU = "tuixiu", "退休"
        TUIZHI = "tuizhi", "退职"

    class Political(models.TextChoices):
        CPC = "cpc", "中共党员"
        CPC_PROBATION = "cpc_probation", "中共预备党员"
        DEMOCRATIC = "democratic", "民主党派"
        MASSES = "masses", "群众"

    class Rank(models.TextChoices):
        PROVINCIAL = "provincial", "省管干部"
        BUREAU = "bureau", "正厅"
        DEPUTY_BUREAU = "deputy_bureau", "副厅"
        DIVISION = "division", "正处"
        DEPUTY_DIVISION = "deputy_division", "副处"
        SECTION = "section", "正科"
        DEPUTY_SECTION = "deputy_section", "副科"
        STAFF = "staff", "科员及以下"
        NONE = "none", "无"

    class Residence(models.TextChoices):
        LOCAL = "local", "本地"
        REMOTE = "remote", "异地"

    class Living(models.TextChoices):
        ALONE = "alone", "独居"
        SPOUSE = "spouse", "与配偶同住"
        CHILDREN = "children", "与子女同住"
        INSTITUTION = "institution", "养老机构"

    class Health(models.TextChoices):
        HEALTHY = "healthy", "健康"
        CHRONIC = "chronic", "慢病"
        SEMI_DISABLED = "semi_disabled", "半失能"
        DISABLED = "disabled", "失能"

    class Status(models.TextChoices):
        ACTIVE = "active", "在册"
        DECEASED = "deceased", "去世"
        MOVED = "moved", "迁出"

    # Identity
    # Indexed through the composite indexes in Meta, which all start with it.
    institution = models.ForeignKey("core.OrgUnit", verbose_name="所属学校", on_delete=models.PROTECT, related_name="+", db_index=False)
    name = models.CharField("姓名", max_length=50)
    # Searched and sorted through the composite indexes in Meta, within a university.
    # The roster's order and full-pinyin search: syllables between digit separators (lib.pinyin).
    name_pinyin = models.CharField("姓名全拼", max_length=200, editable=False)
    name_initials = models.CharField("姓名首字母", max_length=50, editable=False)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    ethnicity = models.CharField("民族", max_length=20, default="汉族")
    id_number_encrypted = models.TextField("身份证号（加密）", blank=True, editable=False)
    # Unique and indexed through Meta: as plain B-trees, without PostgreSQL's extra LIKE-prefix
    # indexes, which neither an exact hash nor a tail (matched exactly or by its end) can use.
    # NULL, not "", for people without a number: the unique constraint must not join them together.
    id_number_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)  # noqa: DJ001
    id_number_tail = models.CharField("身份证号后四位", max_length=4, blank=True, editable=False)
    # The birth date the ID number encodes; the data-quality view compares it with birth_date.
    id_birth_date = models.DateField("身份证号中的出生日期", null=True, blank=True, editable=False)
    birth_date = models.DateField("出生日期", null=True, blank=True, db_index=True)
    category = models.CharField("人员类别", max_length=10, choices=Category.choices)
    retirement_date = models.DateField("离退休时间", null=True, blank=True)
    # Years of service (工龄) run from it to retirement: what a pension adjustment linked to service reads.
    work_start_date = models.DateField("参加工作时间", null=True, blank=True)
    unit = models.ForeignKey("core.OrgUnit", verbose_name="原单位", null=True, blank=True, on_delete=models.PROTECT, related_name="unit_people")
    post = models.CharField("原职务", max_length=50, blank=True)
    rank = models.CharField("职级", max_length=20, choices=Rank.choices, default=Rank.NONE)
    title = models.CharField("职称", max_length=30, blank=True)
    political_status = models.CharField("政治面貌", max_length=20, choices=Political.choices, default=Political.MASSES)
    # A member's branch, party dates and posts are the party module's memberships (party.Membership).

    # Contact and residence. The columns below that an import leaves alone carry database
    # defaults too (db_default), so a bulk INSERT need not name them.
    phone = models.CharField("手机", max_length=30, blank=True)  # searched by its last digits: no index helps
    phone2 = models.CharField("其他电话", max_length=30, blank=True)
    address = models.CharField("家庭住址", max_length=200, blank=True)
    district = models.CharField("所在区", max_length=30, blank=True, default="", db_default="")
    community = models.CharField("所在社区", max_length=50, blank=True, default="", db_default="")
    grid = models.ForeignKey("core.OrgUnit", verbose_name="网格", null=True, blank=True, on_delete=models.PROTECT, related_name="grid_people", db_index=False)
    residence = models.CharField("居住地", max_length=10, choices=Residence.choices, default=Residence.LOCAL, db_default=Residence.LOCAL)
    residence_province = models.CharField("异地所在省", max_length=20, blank=True, default="", db_default="")
    residence_city = models.CharField("异地所在市", max_length=30, blank=True, default="", db_default="")
    living_arrangement = models.CharField("居住情况", max_length=20, choices=Living.choices, default=Living.SPOUSE, db_default=Living.SPOUSE)

    # Health and care
    health_status = models.CharField("健康状况", max_length=20, choices=Health.choices, default=Health.HEALTHY, db_default=Health.HEALTHY)
    chronic_conditions = models.CharField("慢性病", max_length=200, blank=True, default="", db_default="")
    hospitalized = models.BooleanField("目前住院", default=False, db_default=False)
    family_doctor = models.BooleanField("家庭医生签约", default=False, db_default=False)
    hobbies = models.ManyToManyField(Tag, verbose_name="爱好特长", blank=True, related_name="+", limit_choices_to={"kind": Tag.Kind.HOBBY})
    service_needs = models.ManyToManyField(Tag, verbose_name="服务需求", blank=True, related_name="+", limit_choices_to={"kind": Tag.Kind.NEED})
    # 离休干部 follows from the category and 高龄 from the age; these four are facts to record.
    flag_provincial = models.BooleanField("省管干部", default=False, db_default=False)
    flag_contribution = models.BooleanField("特殊贡献", default=False, db_default=False)
    flag_hardship = models.BooleanField("特殊困难", default=False, db_default=False)
    flag_empty_nest = models.BooleanField("空巢", default=False, db_default=False)
    liaison = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="联络员", null=True, blank=True, on_delete=models.PROTECT, related_name="liaison_people", db_index=False)
    dedicated_contact = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="专人联络", null=True, blank=True, on_delete=models.PROTECT, related_name="dedicated_people", db_index=False)
    notes = models.TextField("备注", blank=True)

    # Status and archiving: people are never deleted.
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ACTIVE, db_default=Status.ACTIVE)
    death_date = models.DateField("去世日期", null=True, blank=True)
    death_place = models.CharField("去世地点", max_length=100, blank=True, default="", db_default="")
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)
    archived_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="归档人", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False)
    archive_reason = models.CharField("归档原因", max_length=200, blank=True, default="", db_default="")

    version = models.PositiveIntegerField("版本", default=1, db_default=1, editable=False)
    created_at = models.DateTimeField("建档时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    # Names in change entries that are not fields (core's audit log labels them from here).
    audit_field_labels = {"id_number": "身份证号", "date": "日期"}

    class Meta:
        verbose_name = "离退休人员"
        verbose_name_plural = "离退休人员"
        ordering = ["name_pinyin", "id"]
        indexes = [
            models.Index(fields=["institution", "status", "name_pinyin", "id"]),
            # pinyin-initials search within a university: a range scan, not a table scan
            models.Index(fields=["institution", "status", "name_initials"], name="person_initials_idx"),
            models.Index(fields=["id_number_tail"], name="person_id_tail_idx"),
            # Grid and liaison are set by hand after an import, person by person: indexing only
            # the rows that have one keeps the import from writing an empty entry each.
            models.Index(fields=["grid"], condition=models.Q(grid__isnull=False), name="person_grid_idx"),
            models.Index(fields=["liaison"], condition=models.Q(liaison__isnull=False), name="person_liaison_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["id_number_hash"], name="person_id_number_unique"),
            models.CheckConstraint(
                condition=~models.Q(status="deceased") | models.Q(death_date__isnull=False),
                name="archived_death_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(residence="local") | ~models.Q(residence_city=""),
                name="remote_residence_has_city",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("roster:person_detail", args=[self.pk])

    @property
    def audit_scope_path(self) -> str:
        return self.institution.path if self.institution_id else ""

    def age(self, today: date | None = None) -> int | None:
        from django.utils import timezone

        return ages.age_on(self.birth_date, today or timezone.localdate())

    @property
    def is_lixiu(self) -> bool:
        return self.category == self.Category.LIXIU

    @property
    def is_aged(self) -> bool:
        age = self.age()
        return age is not None and age >= ages.AGED_FROM

    def care_flags(self) -> list[str]:
        flags = []
        if self.is_lixiu:
            flags.append("离休干部")
        for field in ("flag_provincial", "flag_contribution", "flag_hardship", "flag_empty_nest"):
            if getattr(self, field):
                flags.append(self._meta.get_field(field).verbose_name)
        if self.is_aged:
            flags.append("高龄")
        return flags

    @property
    def needs_dedicated_contact(self) -> bool:
        """专人联络 for 离休干部, 省管干部, 特殊贡献, 特殊困难 (the source's rule)."""
        return self.is_lixiu or self.flag_provincial or self.flag_contribution or self.flag_hardship

    @property
    def id_number(self) -> str:
        from yinling.core.crypto import decrypt

        return decrypt(self.id_number_encrypted)

    @property
    def id_number_masked(self) -> str:
        """Only the last four: the database keeps nothing more of the number outside its encryption."""
        return mask_id_tail(self.id_number_tail)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def is_archived(self) -> bool:
        return self.status != self.Status.ACTIVE


class EmergencyContact(models.Model):
    person = models.ForeignKey(Person, verbose_name="离退休人员", on_delete=models.PROTECT, related_name="contacts")
    name = models.CharField("姓名", max_length=50)
    relation = models.CharField("关系", max_length=20)
    phone = models.CharField("电话", max_length=30)
    is_primary = models.BooleanField("首要联系人", default=False)

    class Meta:
        verbose_name = "紧急联系人"
        verbose_name_plural = "紧急联系人"
        ordering = ["-is_primary", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.relation}）"

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)
