# Regenerates the PIL reference images the transform tests compare against (PIL 9.4, numpy 1.24):
#   bash infra/scripts/regenerate-fixtures.sh data   (installs python3-pil and python3-numpy when missing)
import numpy as np
from PIL import Image, ImageEnhance, ImageOps

rng = np.random.default_rng(42)
y, x = np.mgrid[0:23, 0:37]
base = np.stack([(x*7 + y*3) % 256, (x*x + y*11) % 256, (255 - x*5 + y*y) % 256], -1).astype(np.int32)
src = Image.fromarray(np.clip(base + rng.integers(-40, 40, base.shape), 0, 255).astype(np.uint8), 'RGB')
src.save('source.png')
for (w, h) in [(100, 61), (16, 9), (224, 224), (29, 40)]:
    src.resize((w, h), Image.BILINEAR).save(f'resize-{w}x{h}.png')
for a in [7.3, -11.0]:
    src.rotate(a, Image.NEAREST, expand=False, fillcolor=0).save(f'rotate-{a}.png')
ImageEnhance.Brightness(src).enhance(1.17).save('brightness-1.17.png')
ImageEnhance.Contrast(src).enhance(0.83).save('contrast-0.83.png')
ImageEnhance.Color(src).enhance(1.12).save('saturation-1.12.png')

def hue(img, f):  # torchvision.transforms.functional_pil.adjust_hue
    h, s, v = img.convert('HSV').split()
    nh = np.array(h, dtype=np.uint8)
    with np.errstate(over='ignore'):
        nh += np.uint8(int(f * 255) % 256)
    return Image.merge('HSV', (Image.fromarray(nh, 'L'), s, v)).convert('RGB')

hue(src, 0.07).save('hue-0.07.png')
hue(src, -0.05).save('hue--0.05.png')
big = src.resize((64, 40), Image.BILINEAR)
big.save('photo.jpg', quality=90)
Image.open('photo.jpg').convert('RGB').save('photo-decoded.png')
exif = Image.Exif(); exif[0x0112] = 6
big.save('photo-exif6.jpg', quality=90, exif=exif.tobytes())
ImageOps.exif_transpose(Image.open('photo-exif6.jpg')).convert('RGB').save('photo-exif6-decoded.png')
src.convert('L').save('grey.png')

# Every EXIF orientation 1-8 (small: 24x15 so the fixtures stay ~1 KB each): the stored JPEG and what PIL shows.
small = src.resize((24, 15), Image.BILINEAR)
for o in range(1, 9):
    exif = Image.Exif(); exif[0x0112] = o
    small.save(f'orient-{o}.jpg', quality=90, exif=exif.tobytes())
    ImageOps.exif_transpose(Image.open(f'orient-{o}.jpg')).convert('RGB').save(f'orient-{o}-decoded.png')
