"""The staff header's registry: apps add sections; a section shows only when allowed."""

from types import SimpleNamespace

from strategia.core import navigation


class _User(SimpleNamespace):
    is_authenticated = True

    def has_perm(self, permission, obj=None) -> bool:
        return permission in self.perms


def test_sections_show_by_permission_and_the_deepest_match_is_current(monkeypatch):
    monkeypatch.setattr(navigation, "_sections", {})
    navigation.register_section("home", "Home", "monitoring:my_work", order=1)
    navigation.register_section(
        "grid", "Grid", "monitoring:completeness", permission="see.grid", order=2
    )
    navigation.register_section(
        "never", "Never", "monitoring:periods", allowed=lambda user, org: False, order=3
    )
    navigation.register_section("gone", "Gone", "no:such-url", order=4)
    organisation = SimpleNamespace(pk=1)
    grid_url = navigation._sections["grid"].url

    links = navigation.links_for(
        user=_User(perms={"see.grid"}), organisation=organisation, path=grid_url
    )
    assert [link.key for link in links] == ["home", "grid"]
    assert [link.current for link in links] == [False, True]

    links = navigation.links_for(user=_User(perms=set()), organisation=organisation, path="")
    assert [link.key for link in links] == ["home"]
    assert navigation.links_for(user=_User(perms=set()), organisation=None) == []


def test_every_app_registers_its_workspace_sections():
    keys = {section.key for section in navigation.registered_sections()}
    assert {"my_work", "completeness", "periods", "health", "reports", "budget", "admin"} <= keys
