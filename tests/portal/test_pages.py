"""The site core's page types: where they may be created, and that they route and render."""

import pytest
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from portal import demo
from portal.models import HomePage, StandardPage

from .factories import StandardPageFactory, TrustFactory, UserFactory
from .html import soup

KEY_FIGURES = ["6.6m", "15", "6", "390k", "47", "3,850", "128", "14"]


class PageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        demo.load_site()
        cls.root = Page.get_first_root_node()
        cls.home = HomePage.objects.get()
        cls.about = StandardPage.objects.get(slug="about")
        cls.contact = StandardPage.objects.get(slug="contact")

    def test_home_page_goes_only_at_the_top_of_the_tree(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_there_is_only_ever_one_home_page(self):
        self.assertFalse(HomePage.can_create_at(self.root))
        HomePage.objects.all().delete()
        self.assertTrue(HomePage.can_create_at(Page.get_first_root_node()))

    def test_standard_pages_go_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)

    def test_an_editor_can_create_a_standard_page_in_the_admin(self):
        self.client.force_login(UserFactory(superuser=True))
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "Our special interest groups",
                    "introduction": "Groups our members chair and run.",
                    "body": streamfield(
                        [
                            ("heading", "What the groups do"),
                            (
                                "paragraph",
                                rich_text("<p>Each group reports to the Operational Board.</p>"),
                            ),
                        ]
                    ),
                    "contact_details": rich_text("<p>Network office</p>"),
                }
            ),
        )
        page = StandardPage.objects.get(slug="our-special-interest-groups")
        self.assertEqual(page.get_parent().specific, self.home)
        self.assertTrue(page.live)

    def test_home_about_and_contact_route_and_render(self):
        for page in [self.home, self.about, self.contact]:
            with self.subTest(page=page.title):
                self.assertPageIsRoutable(page)
                self.assertPageIsRenderable(page)

    def test_home_page_shows_the_reports_key_figures(self):
        response = self.client.get("/")

        figures = [
            item.get_text(strip=True) for item in soup(response).select(".portal-key-figure")
        ]
        self.assertEqual(figures, KEY_FIGURES)
        self.assertContains(response, "The network in numbers")
        self.assertContains(response, "CT and MRI scanners")
        self.assertContains(response, "Source: NHS Digital, January 2024")

    def test_home_page_invites_visitors_to_join_but_not_members(self):
        self.assertContains(self.client.get("/"), "Join the network")
        self.client.force_login(UserFactory())
        response = self.client.get("/")
        self.assertNotContains(response, "Work in imaging in the West Midlands?")

    def test_standard_page_shows_body_and_contact_panel(self):
        response = self.client.get("/contact/")
        self.assertContains(response, "<h1>Contact us</h1>", html=True)
        self.assertContains(response, "We aim to reply within three working days.")
        self.assertContains(response, "network.office@wmin.example")

    def test_new_standard_page_from_the_factory_renders(self):
        page = StandardPageFactory(parent=self.home, title="Privacy notice", slug="privacy")
        self.assertPageIsRoutable(page)
        self.assertPageIsRenderable(page)
        self.assertContains(self.client.get("/privacy/"), "Privacy notice")

    def test_loading_the_site_twice_changes_nothing(self):
        before = Page.objects.count(), Site.objects.count()
        demo.load_site()
        self.assertEqual((Page.objects.count(), Site.objects.count()), before)


# Site, page route, view restrictions, header settings and links, breadcrumb, latest news; a
# signed-in person adds their session, themselves and two permission lookups for the header's
# Admin link.
HOME_PAGE_QUERIES = {"visitor": 5, "member": 11}


@pytest.mark.django_db
@pytest.mark.parametrize("who", HOME_PAGE_QUERIES)
def test_home_page_query_count_does_not_grow_with_trusts_or_members(
    client, demo_site, django_assert_num_queries, who
):
    if who == "member":
        client.force_login(UserFactory())
    client.get("/")  # warm per-process caches (site root paths, content types)

    with django_assert_num_queries(HOME_PAGE_QUERIES[who]):
        assert client.get("/").status_code == 200

    TrustFactory.create_batch(20)
    UserFactory.create_batch(30, organisation=TrustFactory())
    demo.load_members(count=60)

    with django_assert_num_queries(HOME_PAGE_QUERIES[who]):
        assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_the_header_offers_the_admin_only_to_people_who_may_use_it(client, demo_site):
    client.force_login(UserFactory())
    assert not soup(client.get("/")).find("a", string="Admin")

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert soup(client.get("/")).find("a", string="Admin")["href"] == "/admin/"
