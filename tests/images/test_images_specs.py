import pytest

from plugins.images.specs import (
    choose_encodings,
    derivative_path,
    derivative_specs,
    derivative_token,
    standin_spec,
    target_widths,
)

OPTIONS = {"webp": {"quality": 80}, "jpeg": {"quality": 82}, "avif": {"quality": 55}}


def encodings(supported=("avif", "webp")):
    return choose_encodings(("avif", "webp", "jpeg"), OPTIONS, lambda name: name in supported)


def test_widths_never_upscale():
    assert target_widths(4000, (480, 960, 1440)) == (480, 960, 1440)
    assert target_widths(1200, (480, 960, 1440)) == (480, 960, 1200)
    assert target_widths(960, (480, 960, 1440)) == (480, 960)
    assert target_widths(300, (480, 960, 1440)) == (300,)


def test_specs_keep_aspect_and_cover_each_encoding():
    specs = derivative_specs(4000, 3000, (480, 960, 1440), encodings())
    assert [(s.width, s.height, s.encoding.name) for s in specs[:3]] == [
        (1440, 1080, "avif"), (1440, 1080, "webp"), (1440, 1080, "jpeg")]
    assert {(s.width, s.height) for s in specs} == {(1440, 1080), (960, 720), (480, 360)}
    assert len(specs) == 9


def test_avif_dropped_when_pillow_lacks_it_and_jpeg_is_the_fallback():
    assert [e.name for e in encodings(supported=("webp",))] == ["webp", "jpeg"]
    with pytest.raises(ValueError, match="end with 'jpeg'"):
        choose_encodings(("jpeg", "webp"), OPTIONS, lambda n: True)
    with pytest.raises(ValueError, match="unknown"):
        choose_encodings(("gif", "jpeg"), OPTIONS, lambda n: True)


def test_token_changes_with_source_and_recipe():
    a, b = derivative_specs(4000, 3000, (480,), encodings())[:2]
    assert derivative_token("d1", a, "13.0.0") == derivative_token("d1", a, "13.0.0")
    assert len({derivative_token("d1", a, "13.0.0"), derivative_token("d2", a, "13.0.0"),
                derivative_token("d1", b, "13.0.0"), derivative_token("d1", a, "14.0.0")}) == 4


def test_derivative_path_is_short_ascii_under_output_dir():
    spec = derivative_specs(4000, 3000, (960,), encodings())[1]
    assert derivative_path("images/2561/05/hang-chat-gecc.jpg", spec, "abc123", "photos") == \
        "photos/2561/05/hang-chat-gecc-960.abc123.webp"


def test_standin_keeps_the_original_format_at_the_widest_size():
    spec = standin_spec(4000, 3000, (480, 960, 1440), "PNG", OPTIONS)
    assert (spec.width, spec.height, spec.encoding.name, spec.encoding.ext) == (1440, 1080, "png", "png")
    assert standin_spec(300, 200, (480, 960), "MPO", OPTIONS).encoding.name == "jpeg"
    assert standin_spec(300, 200, (480, 960), "WEBP", OPTIONS).width == 300
