from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "strategia.strategy"
    label = "strategy"
