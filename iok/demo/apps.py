from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "iok.demo"
    verbose_name = "Demo data"
