"""Names in the order Chinese offices keep a roster: the pinyin key gets digit separators between
syllables (chen0bao0qing before cheng0bao0xue), recomputed for every person (lib.pinyin.name_keys)."""
from django.db import migrations


def recompute(apps, schema_editor):
    from yinling.lib.pinyin import name_keys

    Person = apps.get_model("roster", "Person")
    batch = []
    for person in Person.objects.only("pk", "name").iterator(chunk_size=2000):
        person.name_pinyin, person.name_initials = name_keys(person.name)
        batch.append(person)
        if len(batch) == 2000:
            Person.objects.bulk_update(batch, ["name_pinyin", "name_initials"])
            batch = []
    Person.objects.bulk_update(batch, ["name_pinyin", "name_initials"])


class Migration(migrations.Migration):
    dependencies = [("roster", "0004_drop_the_unused_status_category_index")]
    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
