"""The site's navigation. Each app registers the links it owns with the `site_navigation`
Wagtail hook, so portal names no app above it; the header, the footer's sitemap page and the
link checks all read this one list, and each person is shown only the links that apply to them.

A link goes to a URL name, or to the live page of a page type (an index page in the tree).
Page URLs are looked up with one query and cached until a page is published, moved or deleted.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from wagtail import hooks
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

PAGE_URLS_CACHE_KEY = "portal:navigation:page-urls"
PAGE_URLS_TIMEOUT = 60 * 60

MENU = "menu"  # the header's navigation list: public areas, for everyone
ACCOUNT = "account"  # the header's account links: the signed-in person's own areas
SITEMAP = "sitemap"  # listed on the sitemap page only (a register, a form) under its area


@dataclass(frozen=True)
class NavLink:
    label: str
    url_name: str = ""
    page_type: str = ""  # "app_label.ModelName" of a live page in the tree
    section: str = MENU
    order: int = 100
    # A rules predicate or a permission name: who the link applies to. None: everyone in its
    # section (the account section is for signed-in people only).
    applies: Callable | str | None = None
    description: str = ""

    def applies_to(self, user):
        if self.section == ACCOUNT and not user.is_authenticated:
            return False
        if self.applies is None:
            return True
        if isinstance(self.applies, str):
            return user.has_perm(self.applies)
        return bool(self.applies(user))


def registered_links():
    links = []
    for fn in hooks.get_hooks("site_navigation"):
        links.extend(fn())
    return sorted(links, key=lambda link: (link.order, link.label))


def page_urls():
    """{"app_label.ModelName": url} of the first live page of each registered page type."""
    urls = cache.get(PAGE_URLS_CACHE_KEY)
    if urls is not None:
        return urls
    wanted = {link.page_type for link in registered_links() if link.page_type}
    types = {}
    for label in wanted:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        types[ContentType.objects.get_for_model(model, for_concrete_model=False).pk] = label
    urls = {}
    if types:
        for page in (
            Page.objects.live()
            .filter(content_type__in=types)
            .only("id", "path", "url_path", "content_type_id", "depth")
            .order_by("path")
        ):
            label = types[page.content_type_id]
            if label not in urls and (url := page.get_url()):
                urls[label] = url
    cache.set(PAGE_URLS_CACHE_KEY, urls, PAGE_URLS_TIMEOUT)
    return urls


def forget_page_urls(**kwargs):
    cache.delete(PAGE_URLS_CACHE_KEY)


page_published.connect(forget_page_urls, dispatch_uid="portal-navigation-published")
page_unpublished.connect(forget_page_urls, dispatch_uid="portal-navigation-unpublished")
post_page_move.connect(forget_page_urls, dispatch_uid="portal-navigation-moved")


@receiver(post_delete, dispatch_uid="portal-navigation-deleted")
def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        forget_page_urls()


@dataclass(frozen=True)
class ShownLink:
    label: str
    url: str
    current: bool = False
    active: bool = False
    description: str = ""


def links_for(request, section):
    """The links of `section` that apply to the person making `request`, with their URLs."""
    user = request.user
    path = request.path
    urls = None
    shown = []
    for link in registered_links():
        if link.section != section or not link.applies_to(user):
            continue
        if link.page_type:
            if urls is None:
                urls = page_urls()
            url = urls.get(link.page_type)
            if not url:
                continue  # the page is not (yet) in the tree: no link, rather than a broken one
        else:
            url = reverse(link.url_name)
        shown.append(
            ShownLink(
                label=link.label,
                url=url,
                current=url == path,
                active=url != "/" and path.startswith(url),
                description=link.description,
            )
        )
    return shown


@hooks.register("site_navigation")
def portal_links():
    return [
        NavLink("My network", url_name="my_network", section=ACCOUNT, order=0),
        NavLink(
            "Admin",
            url_name="wagtailadmin_home",
            section=ACCOUNT,
            order=90,
            applies="wagtailadmin.access_admin",
        ),
        NavLink("Cookies", url_name="cookies", section=SITEMAP, order=902),
        NavLink("Search", url_name="search:search", section=SITEMAP, order=903),
    ]
