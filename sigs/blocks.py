"""StreamField blocks for protocols: rich text and an MRI-style sequence table."""

from wagtail import blocks


class SequenceRowBlock(blocks.StructBlock):
    sequence = blocks.CharBlock(max_length=80, help_text="For example T2 TSE or STIR.")
    plane = blocks.ChoiceBlock(
        choices=[
            # Stored as shown: a protocol is read far more often than it is edited.
            ("Sagittal", "Sagittal"),
            ("Axial", "Axial"),
            ("Coronal", "Coronal"),
            ("Oblique", "Oblique"),
            ("3D volume", "3D volume"),
        ]
    )
    slice_thickness = blocks.CharBlock(
        max_length=20, required=False, help_text="With units, for example 4 mm."
    )
    notes = blocks.CharBlock(max_length=255, required=False)

    class Meta:
        icon = "list-ul"
        label = "Sequence"


class SequenceTableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(max_length=120, help_text="For example Lumbar spine: routine.")
    rows = blocks.ListBlock(SequenceRowBlock(), min_num=1)

    class Meta:
        icon = "table"
        label = "Sequence table"
        template = "sigs/blocks/sequence_table.html"
        preview_value = {
            "caption": "Lumbar spine: routine",
            "rows": [
                {"sequence": "T2 TSE", "plane": "Sagittal", "slice_thickness": "4 mm"},
                {"sequence": "T1 TSE", "plane": "Sagittal", "slice_thickness": "4 mm"},
            ],
        }


class ProtocolBodyBlock(blocks.StreamBlock):
    """What a protocol is written in."""

    heading = blocks.CharBlock(max_length=120, template="sigs/blocks/heading.html")
    text = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"], template="sigs/blocks/text.html"
    )
    sequence_table = SequenceTableBlock()
