from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_role_assignment"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="is_sample",
            field=models.BooleanField(default=False, editable=False, help_text="Made by load_demo_data for trying the service; never in production.", verbose_name="sample account"),
        ),
    ]
