"""StreamField blocks shared across the portal, built on NHS.UK frontend components."""

from wagtail import blocks
from wagtailnhsukfrontend.blocks import (
    ActionLinkBlock,
    CardGroupBlock,
    DetailsBlock,
    InsetTextBlock,
    WarningCalloutBlock,
)


class KeyFigureBlock(blocks.StructBlock):
    figure = blocks.CharBlock(max_length=20, help_text="As it should read, e.g. 6.6m or 3,850.")
    label = blocks.CharBlock(max_length=120, help_text="What the figure counts.")
    source = blocks.CharBlock(required=False, max_length=200, help_text="Where it comes from.")

    class Meta:
        icon = "order"
        label = "Key figure"


class KeyFiguresBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="The network in numbers")
    figures = blocks.ListBlock(KeyFigureBlock(), min_num=1)

    class Meta:
        icon = "table"
        label = "Key figures"
        template = "portal/blocks/key_figures.html"
        preview_value = {
            "heading": "The network in numbers",
            "figures": [
                {"figure": "15", "label": "NHS acute trusts"},
                {"figure": "6.6m", "label": "people registered with a GP"},
            ],
        }


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = "Heading"
        template = "portal/blocks/heading.html"


class BodyStreamBlock(blocks.StreamBlock):
    """What editors can put in the body of a content page."""

    heading = HeadingBlock(max_length=120)
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        template="portal/blocks/paragraph.html",
    )
    key_figures = KeyFiguresBlock()
    inset_text = InsetTextBlock()
    warning_callout = WarningCalloutBlock()
    action_link = ActionLinkBlock()
    details = DetailsBlock()
    cards = CardGroupBlock()
