"""Small test photos made on the spot (with EXIF, GPS, ICC as asked) and a decompression bomb."""
import io
import struct
import zlib

from PIL import ExifTags, Image

GPS = {1: "N", 2: (18.0, 47.0, 30.0), 3: "E", 4: (98.0, 59.0, 10.0)}  # Chiang Mai


def photo_bytes(size=(160, 120), fmt="JPEG", orientation=None, gps=True, icc=None, mode="RGB") -> bytes:
    """A small test photo: left half red, right half blue, noise so that JPEG data is long."""
    w, h = size
    image = Image.new("RGB", size, (220, 20, 20))
    image.paste((20, 20, 220), (w // 2, 0, w, h))
    noise = Image.effect_noise(size, 8).convert("RGB")
    image = Image.blend(image, noise, 0.05).convert(mode)
    kwargs = {}
    if fmt in ("JPEG", "PNG", "WEBP"):
        exif = Image.Exif()
        exif[ExifTags.Base.Make] = "TestPhone"
        if orientation:
            exif[ExifTags.Base.Orientation] = orientation
        if gps:
            exif.get_ifd(ExifTags.IFD.GPSInfo).update(GPS)
        kwargs["exif"] = exif
    if icc:
        kwargs["icc_profile"] = icc
    out = io.BytesIO()
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def bomb_png(width=100_000, height=100_000) -> bytes:
    """A tiny PNG whose header claims WIDTH×HEIGHT pixels (a decompression bomb)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
