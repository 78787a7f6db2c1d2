from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [
        migrations.CreateModel(
            name="TwoFactorKey",
            fields=[],
            options={
                "verbose_name": "средство двухфакторного входа",
                "verbose_name_plural": "средства двухфакторного входа",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("mfa.authenticator",),
        ),
    ]
