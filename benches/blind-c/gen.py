#!/usr/bin/env python3
"""Blind holdout corpus generator for a trading-bot secret scanner.

    python3 gen.py OUTDIR [--seed N]

Writes ~25 synthetic repositories under OUTDIR, OUTDIR/labels.jsonl and the
hidden OUTDIR/.meta/ (raw values + needles for selfcheck.py).  Python 3.11
standard library only; deterministic per seed.  Every secret is random from the
seeded RNG; none is a real key.
"""
import base64, hashlib, json, os, random, shutil, string, sys, urllib.parse, zlib

# ----------------------------------------------------------------------------
# BIP-39 English word list (bitcoin/bips bip-0039/english.txt, sha256 2f5eed53…)
_BIP39_B64 = """
eNotm9mWrCoQRN/rLx1Q6VLwMpRd/fU3dnBWr4pERYQkyQl6mqe05vSa5njG9hU9gyD3Bn4o15C4qLnMkFamxde9rCK9qs6yhFoh
cXXlZcl90PH4iIGm9FiQe21xUeG/Hgt3S/bL1G+RviwtF7CMVlufzte0TrdqrCu/uLg4nq8/alDkimA/wc+UlgCNkFDyzBe3bYoF
kun6Vib6s09Rn9wDP/q8l6DyESY9i9fLb8Ry56JnscKdcyq6f84dXPKR1bsz8PyMQW2dXJ/hC+ZHeGU6eObEy/cxCYvap0LNghb0
jfOZvhrNNbXQC/Qvpl00DzQ/L7FT3UrT+aXFtBwwKi3RPU877aSdPqa9qPkUL1iX3r6V1Mjighmacjv8Qn1MWkhpgsb/OrV+Y0Ag
kn73xOjufOadqztMBUKr910sJneJarMsB+D51RAB2iw7LcK1cjGActHvcqmxok5xp9B9aGBkpcSPr+Af3y4tbBaR0qIrtCeX92uq
/O7Ak1onT36tweh6tfZLDdV2XOpHO87QdNmyutLatLwhgQ60FltfefZPwPs/YewrctV3C5lnoTezvbcM9EuVPqFYhD55mdYMRbSe
6R3AYtRgn1Az3Xm2LmY9bz1Std9YX/M0fwXLEU61rYI+PU+r2pynXb/TAj0jb4mKkrF5uuacRZL+ICnwpn/hpFKxbM8wleqVBqqm
RvgWj2aNVVM4B30WTEDXnM9hmVi4onR3DmETaNVQ3mkyHBoyJIp3czi9vkU1XUI1HZLbTGGLXFVAjKXthriLPCHQ0jfTRFy+C32J
lN8UfHdI3BwLF6WpyTheP5k7oWZMeBmTB3VOfOwME89REPPpts6cjVVTAPUAz26gwV7VemZChGoha33OWUI952sWaPEKutrL+Q3w
GSkSepMLa1UEeZ1RZ3NuCNk8ltycf/VTexItd7J4YiTzK0j9YoaiFsDwx0VkjCVaCkpkEkrcD17350qsPM/Stmek8IahJSe/nPl8
GWtc9OGRx9hndPzcVwbY1bga7FKNp2Spx1Pf7+cMvIHTj9PqV8RhNSbFz4d62ccVjIAvvcZkhvdKy2Oi+tf49/dapnlmkYhq8Ist
zYJ2ryK+/wYk2YJLcGlRQW4BL0jtgUswUe8XdJqfZN5Mn4mm0tf37n8fuGPze3eb/NnCb3YVzbVgz+CtcYoUWi0UKy+LX4KYqFKb
26vdzVFFDecdulCthT379TYqdqZqLCShlcnCJC9Bplbzp3EE6ocL7b2EVOGEyt13JQonZHT7wA4JNSnC63Zrh3WmSK7gDcNFy7hZ
jWpZtuwGF94NwfclTAIP92B1ykQviA+mmkfIgfBKgRoZMyqS/a4kTEpkOfqCXRFNNNyL3o47/I0yJBcdjIVFvcQW/2gbB2OJH62p
5cS2Cm+gxO0LfQBK6CKhFLzww6hO1sJy2tCJbBuodSl0Z85IS9mVmJPTXT0l/mBfwYdGO+90ZEor3gw7u+cvTwNhRpaW7VCplyVv
W4DQ7cxcZC2KhaeoaiEWQIpSUk21y7DhL4jSt3yZGfm6MaZqmlmFrt3NpC3KNIrudmhUSKP9VCPqRYVWMl9Pn4g6WdBAAm7JGFPj
puGCxKClBXxQet/teEjSR9zrHqXsGFOfOzZcpFST6uGZ4fmbZSkXFBbI+hfZGngByTdYIGUyH8v0nOCfGpbwUilgO0UCbQRNLyqN
hVYibJICu0HcBXmBlNGdQvdSSkvzVvoSGVfpwRjpaumXV3fpyTW7+8GH5RhRu896Knegw41+8xvKfeklZhZaF3cQpv5vhfXC2lRD
XlqSDenPpcMDW6ZVinmVV7ZTlPisNsjrcLrWyRp5hR2rF75vSuBWyfPKSl6DzG2AaNQiC6ZLJFwzdQOuM+REikRzGdVhZaXgWpu0
BBfbqLXRuB3WNZz+0hk/rnhhWkSiq6foHiT7TqLUtE8nElzxzjX6UgtGiBcg0cMJW0PVFM0uBL9S454gb+BGMYlKQnlFvORLDcFb
tXRPzaoo+kMEkVqjXGxJx+o+RRTFCtXsra4W9R2eSE5WLXSGE3crcdGEDlnjGS75c2u0zyOS5ftRsMCLAHW48ioMkVZhsDIyS7GK
NxU6bLgKt1koFo2phZO08/HMxE8uvvsn+V6zQxSRbuW9SuWsUgvALZ9I9JpMkmcxy3DyVvJLBjqSO0K84j+vXlvCXdInwui0ulgZ
oo+AFTUinlX6krqRD0rw3uANuCE4rvUh0CelowVSlGtHYvqQU3zZ1Wpv9UzLD91e61daW98LEyItVN/k6MuTFCZAsiEORt9RCwKV
ZBYEw1ETTVlefcBl8eIP6gEsCJs1Ytj3V7APE6I9k3DOcpnCubqs2Sv04Ay74hCo2SuqqGkUPhOcl5zT6CkuagFNMhQieGwiUlnc
DZjBcGUb3nDdZ+bpnQl2RDVshSbwX0RCwzIIuDlisGhGI8p9ZTCSMcaWNktASDtKQIQ1GNJhaQnph/bTyQoLirR28SppMCaIBva9
UBHdwFIcF4W3vE50eUsaJWzhP3wMoWYVH0g/elP8TCrSI5KvqXZKV1SsFTrxuiKgLxjcI8kxPNLncJxCk4XX0JBmP8YMa0W+KeZT
khN+zYdfaTe48uuYXmR4GSqY5b+yl6spjk34DdaRomWJvnFMSJdonJn/3+jGzJZf38gIdfi90VAiwR+9zY5fLUEtG9Hstu4y+uAQ
TQRefAM/PNrXNuEji2g8Aqn7r+jKRZS0CCWxGx6loHL7MiDBGzF1FUn8Fm6khkBvxKnbNOzANtEMukeIvIpEgtnNseamQK/Ali1M
NjWbOtZRZVuQRPNa4KZiXgFXise5wQxsmqH4cR1W4mZHZ5OV3CImYYsjAN2iVodwd/twU3ABzbWY3I0IxzZBsI/baLkt+h0GFHHT
N+lCV/czrps99i3+vrZTgebmWEpIhZPBnwxRhHGcXrkbvtZ2Zj/F4xK6ipfWdnbFcJvDqQ0+Z+mtTYpSX5GW3HCjtsyIsrMjG2GZ
QI15eRFlVl8QmGwE+WgOtJdop63isHmTq+C27MVtTiNsirM26VBzqXgoRcsIHaICPVIYRT3UIA/pkdxZHuMlbY6ThLirm3wN3cLt
2HriJ7u5yc21uOGkb92Tvk8Oohxs74rUf78QO/c7fdjl5covRmuIzP8oMZSIHFuI9dyu+EU/ajfqWOJ2+RNcKKjbUUWaP9EofooU
3yTeEOkIwC7uuVMHA9ojanPHXuxxR6PvQ0D2KIOzcVnUHoZjVzANIJoixSjZ2E/sn/C6KzTPRnlHQoZ4Zr+tudwJp3cEY8/rimDt
zPTOFO8OHhQhyWpNovUWX3fmUMPFPosbMF++wQzQC0fJQoZQ0HC7Y2XhBzdA5p1PFfIIu8JkQMGLkLt58QTIl7xB9a6Qvdk7wqMl
TEPdQ1PQy325GOKLZnr/Xq9jQns56lLQtQkuWRSIxe1AeSniktt9EE1yp3CnSMiEH2SY4Mt5kmN63oI/VyHCF5xSTQc2FfyoGWzm
IXk8hn08gpYHeAVf3IKkX9HNuCI8h+oJpN0OtN0hRh6s90O6lok58jyDC77HwUQIAhDxSo+x/g4CliMn18nUubnWdBzZJuawKZQ0
jUDaYnXIkaPYeYzaOhRWHcjp0eV5glhWERrQylQkACUpeTALihZXVyi+Axd6nc3ULxmPF55gJAmmGZpeTisTJEbekhdIkMPI9ZOr
YGpFFu2gxyva9kXNGf6yKPpDEoyFE8m+OTKXoh3jEIkkBDZvovBFZLjf0q/hF4z2ZlRA5YnI1mkEMWE9ICep6YircIkcaHuRgEhK
JTd83ph+giv9dL96jRbxZIWZDIAKcsGFpMipUwm3RMaLhIUQG03RhomTDHh0+BdInwpZ8BnlT/RHhqWPBcbWE37L4zjdgVq1eFVL
/f4gPj8jVfUzsWJE+P39vX4kuhhO0QSe0vE/4ZE4/ORZP63YH5yKHwkHQoVb9EOWScik/hB7/3RnqUWi2PhDAsFJ/Ldcjank/Hqz
pgW3QMaxQ7+vN0mAt6RDv+TrRDntcrdFNf9v8Vm/hbXyZshv8oWUn/h6Jxmxd4obiOESPq9T+kY/DUCo3kgN4oye5OdPUlIn4Z54
JT7sXN0tc1180Vy1adQncR+YcLxlNqcXGY2TKFBQMSYKMFxfIcQpPUA5TBug9SbU3OADo7/PIJ0t4X4NARdiuM4Q63hKSuEct9Iu
XSJSBflGyeDF+rlzcKRQ1IJCLIFcC6lO0YKbInH1CjlhyomZGDb+JAfrBMvJYhJqik7ckTP+h4G3nysnHNNDzCmwepNbYFDFPFtV
ykWg//BbMYKsHfsgEpqTjQ3ZEfEy003udN7tmGYbFbnsvKoYRg/7br/77A6Yz54moxbt2X9ZSee34OFebDdptVzqiLSBPihMkuSL
7Z6L+NSx2TX9aLYvZviScp+4zd3EVwifWRWiewbtc4t218NBvqT3B1EXhLvbLOPT5e0PlhJHa4qVL0yXAJ5cThmy8Et0g81XRW7Y
NbVR4zde8nYu7P4lWZGkXqTFBJaAC9t3BbxzhhhW2lHINQlPIqGLPPw10gsiLGmcDI9DvoKgLNxCji8rqMv5wAs/6SKW8IPmdtsh
03DJ7jBiLT4LifzoN2C5uCKx48WKFIy+R+JdIRHCJYdj8du2KiQm+BiL9iLkZhoYfvwNtPDrRXDlGVfuUuBzgpiAS2tdP7Sk1kAk
GrxGfC0yuCuHTkPI9Mo5sSu7rZIIfq9cJcHSjdfIjf+LEEXckqyTpcP7AxdSKIhCUlJX3zYedjqlACDeEuSrVw9MLzBoOb7OvasA
Q1BrV/cW5vWtQa6EiMX9+qqXaWLxJNzENN3SZSLeRUiSlK/QnUsjukjsuyXyuImQIkkzNL8edmck07+gOilcVhwhi+KHlSf+ec8s
hd7gSnLAkcJTBb96jnoeM5syop0yEZ0C+ojiTPIOfLOwVkTofXaFNo3qzXDA5USUxyWqBzWbOmldfW+s3+SUI0nWPL1f8im/AttF
fTpK8qQ9FsYs6mHk2fOS54/Td3nRUyFLgmQMbWZF7a+8bfyCS3QhbxgAwo78ltuDH5StsfL5vW5NUUbBkZR9sccjkRLDc3IeTkRv
3Lx/E4jnO47Ht12IfHt28ti7zAWXUUGMXcGRVRIqQNNkK5yhp8UJbJHdcVsu5DVecqmcKRgCmXuzdyE6rnAFRGz1MwGjmJpe9rvw
mPWj9PvduWvheuU/xmJ35568am+Ws5N1t0KUhbKiSILwCdQs3dYkQvfinm5jIZ6+J+dKbxItN/LpsuTzRqnd1mY3SkwQR01nrG8r
syTKarqxb/f09dq9gzuh+eu+KECd/ERWSVyB7fpNRPWii2bwln1jLMFZb/02JEaUKRTB6LGRcx8evtzULHT25D6+Wo9i3q2QSHfj
4tHGYW3vGOhN3PkFWsG7FDBSbB8bLqRg73hTTx42jz3u+PcnFg6eyk3g8+fI3N32rJxWVLfdi9OpsRubBu4AwnNnOV4CvZzx5m95
ZQXkEVZaRKr1Zvf3JvN/Z7mtrlIshE7g/ivUOPu9SjvyhDPEOudGauBnfhDPkQ272fD2JxRw0Uny9vC1hM2PyRX7to+CiDaaKNIf
vhyvIp3CC2kXHU/IjvjSM1Pixwwp8Q9EyVxQZ5pE1+6WMqkJEaeJRa0WRK/sl3PewHsMpBBJ0snc/lWTE4Fn7/70mfj67uuKUhLH
TuB+DZf/li+Kyr3tRtz9RsQ6Qd3dy9hBU8Ej6MUr/rbauklusCrv/vcHp7/qqZwL0nbUFk1NtkC0sBr/66R6xAEZHs075gf4EzAk
RbxojsKxGVVy7Ot9F609zbAwZqE654B4TJI0uHRTwTctHAQBcYOHLlK0rP4Ups37CGXkEthkpoFHvz+pmHEKxTuNxDl8POAJC70T
XIL3Y0UCGlMU8S/sTvihd0ZK8LxJWGyESnDwI8KaL2GPblZhOs92C20JP6PqOf2CXhuFYwTby2cXSrCPJjIcGBXwLESy+5FW35Tx
elkzlWAtjaRGHtx4RyJelaLknskEETBJjJduEhylqoAzK6KQxdWrlpk7VEnyqePjtVZGq42tzhJ6GiP7DPbJSaAzzk2VQ7ZdPIgz
PzabvUis5L1QxqZ+iRvft8nFJOhFxFTLhmufr/Eev0QQ/6E4W1i8w1Pws4t3K7WOsrH7wlGbFosTOV4sgnd0WV1Cikt2eFycpR4H
cArWRojDXfpsnhMIF6mogrtTeuLHMZbScR+qOlCHbRFx9F2njYvIw9OPT8KUytEnsAF8p+Lv1JForkShVXajyrkTzfWIooiU0F5o
xXCQ2yZ7GcAEFBftLleFMVwd4TJBQ1aORdHKIiczF3VPYuuNcxW0eOuiVQISa7LHdften181TPxw7OtYFpWZr2xvrBBkmVjcjYVl
6IiKT1bZ66xht42r3tGAqDdIsERfKpSYtzrsQp+OPsoBDxXirbIqbo62HWCJKAKu6NtXPRwLiChYEzqJIwozDjpw+GukHOQJiZdk
j0VcG5+mkigSIEWV7BDIbXKwQh6yXITd2zKVFI9Qup1nSEQ95AjTsUPDjrOPM1RUm32UGgOTZrH2XmGVEw87iBcEJy+d/r6CBvSB
qEXBu9t1tFYYbLQ3U5F/xEYBQsV21LcvnRsQifwYNcpcQO/f6PpKcC+4BCQT6jk0R7VFrc5s1hHxilAr46ZVzH41Y53HrhdaUEjD
FxFJvchxCDlgUBPKWsithEwl8x63t2au5a3y1eyd7GqeZ/ldNTMrtvTCNbqOOgWOAyPV+RoOjeHQVELmmn2fUK16njRNAJJJrvOf
FhOhazcKsNp+V5wzvn+TkpDVlOPN0blxz8J7W3a8JVwVQvglc+r2QQSRty94PRIy1vs04l5bayLat3tonSsEOPglJPVZb+u4KiNb
sY8B4vNOhGU+qVZHPCGyRllRUbjZrAkUBLCSG3aPjdoV5EPWaEI12zyyFtxUoAGmnrRYfuGX8dDi0tyT5vlomcQBFEY3KxCnUYVM
QcOO7lxKX/C9Yl7IzXUbWhW7+9x9AlbUfR55UEVyYB8BjijuqgjKtPZxeLYSX9buzG7tDmBq5zSNkJz+ywmk2p2Grp1K7EcIOe5Y
++3bNwGpSLEexLMVeH+sclwLxBlzYSj+yrkH3hmnKEUdZ9Xnn2Z5zOlnMsiu1wdfXchXH6uVh5XzmJePXeL64B/U7zXDRUVZnKWo
34J0fj0lY4Y5gGmyv3xuoE3WE41TTppb4Oaxt4IaSZRG/kTYNEEiv/HVfHqxsTvekF6CPf0IJDjQGiuEcqFCpaRYtx1ungx9s81o
ZAwFzHiz5AspMiyhmjmyT3S1g1MFQjwiETGpke8GrVzaOOPSUC4t7r5zcm1PpnHyRYKntqWH8SxWoZOvLaLsm426IlrcQVFy9ULZ
Wb2ceS5uHL6IHM5rPvaH+DaqX+MQosVYwF6liFWchbpZZZHC1E++sfD2V7F2wsT5VdHm4L9xHqdlkkBNeiW6Z3ZxmkOHRgDasnpo
h7U5WmxsLdF0cfqt2WsVpopUN6xu88mhhj96vnwudDhXzbzFvxOimJqPnjQfhRTuZqcsEUAzWXEdxCcptApdrbt48kAePjwq+EZC
hs4Mczyo9REw/VukracJIBSWh0dCyY6ewNPyBFSxSJKtbw9qUZgA2n7EtS/S+r0dZvZd31fLUmjn9OrjqIGITwMr3vDVOJgyxEaY
BT6iLkKeoqexxSRP0z61KEezRRqgdytXpLGTqHOsPUnahN3nFHv6BC5vZzP7vXuC+u3toC6FLUBz9Bst0sss62dFMRwvPHgfORdw
ZLnj0Ugi/jXexv8MfKaF5SbSpa4/EzInT1V27DPOwYt8uJX4sff8mWQdhOMo1geB/3hD/ROOCGs+MJtLTmJAHKWL0nQoM0AyEBYw
hx+C2w9HH04RLXa+Fc3zD6luuheX8bW4WK8TIOaXvfYPe5I7VVMbVFaYBor9blG/Vycg0lQd95vxw0id5f74oKQPf3/yyblUKCfQ
ffTpI/dazT//QP1+JjX3oO/QtwDpkIf+ciYHWbHWfUglixMPy+Zhi/ixJny8AfHgH2NMnrGvKMLUWlM/xFYnxErjCbN+IxyWDn+z
0p7A+WrJt/e8HpTkI+Y/3r160JHPEQbSEprysYp8cCUFjsAf9J2A77Ob8BBAPthZVsnDltkD4QkfJ6vyjG2vx5tWIrQZK2Hsg/Z5
kJXn3xmFJ5+bgCT9k71iHvYrH5Sa7Y2Tm4LTRc3w4xzlg755ClnTh40xxmRF9vjkxmMD/kWlfeHXN9jufXPnxyM7Un9BUiQs+eXU
2p/sz/9zy39I
"""


def bip39_words():
    raw = zlib.decompress(base64.b64decode("".join(_BIP39_B64.split())))
    assert hashlib.sha256(raw).hexdigest() == \
        "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda"
    w = raw.decode().split()
    assert len(w) == 2048
    return w


WORDS = bip39_words()

# ----------------------------------------------------------------------------
# small crypto helpers (stdlib only)
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58enc(b):
    n = int.from_bytes(b, "big")
    s = ""
    while n:
        n, r = divmod(n, 58)
        s = B58[r] + s
    pad = len(b) - len(b.lstrip(b"\0"))
    return "1" * pad + s


def b58check(payload):
    c = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    return b58enc(payload + c)


# ed25519 public key from a 32-byte seed (for consistent Solana 64-byte keypairs)
_P = 2 ** 255 - 19
_D = -121665 * pow(121666, _P - 2, _P) % _P
_I = pow(2, (_P - 1) // 4, _P)


def _xrec(y):
    xx = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P)
    x = pow(xx, (_P + 3) // 8, _P)
    if (x * x - xx) % _P:
        x = x * _I % _P
    if x % 2:
        x = _P - x
    return x


_By = 4 * pow(5, _P - 2, _P) % _P
_Bx = _xrec(_By)
_B = (_Bx, _By, 1, _Bx * _By % _P)


def _eadd(p, q):
    X1, Y1, Z1, T1 = p
    X2, Y2, Z2, T2 = q
    A = (Y1 - X1) * (Y2 - X2) % _P
    B = (Y1 + X1) * (Y2 + X2) % _P
    C = T1 * 2 * _D * T2 % _P
    D = Z1 * 2 * Z2 % _P
    E, F, G, H = B - A, D - C, D + C, B + A
    return (E * F % _P, G * H % _P, F * G % _P, E * H % _P)


def ed25519_pub(seed):
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8
    a |= 1 << 254
    Q, Pt = (0, 1, 1, 0), _B
    while a:
        if a & 1:
            Q = _eadd(Q, Pt)
        Pt = _eadd(Pt, Pt)
        a >>= 1
    X, Y, Z, _ = Q
    zi = pow(Z, _P - 2, _P)
    x, y = X * zi % _P, Y * zi % _P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def _rol(a, n):
    n %= 64
    return ((a >> (64 - n)) + (a << n)) % (1 << 64)


def _keccak_f(lanes):
    R = 1
    for _ in range(24):
        C = [lanes[x][0] ^ lanes[x][1] ^ lanes[x][2] ^ lanes[x][3] ^ lanes[x][4] for x in range(5)]
        D = [C[(x + 4) % 5] ^ _rol(C[(x + 1) % 5], 1) for x in range(5)]
        lanes = [[lanes[x][y] ^ D[x] for y in range(5)] for x in range(5)]
        x, y = 1, 0
        cur = lanes[x][y]
        for t in range(24):
            x, y = y, (2 * x + 3 * y) % 5
            cur, lanes[x][y] = lanes[x][y], _rol(cur, (t + 1) * (t + 2) // 2)
        for y in range(5):
            T = [lanes[x][y] for x in range(5)]
            for x in range(5):
                lanes[x][y] = T[x] ^ ((~T[(x + 1) % 5]) & T[(x + 2) % 5])
        for j in range(7):
            R = ((R << 1) ^ ((R >> 7) * 0x71)) % 256
            if R & 2:
                lanes[0][0] ^= 1 << ((1 << j) - 1)
    return lanes


def keccak256(data):
    rate = 136
    data = bytearray(data) + b"\x01"
    while len(data) % rate:
        data += b"\0"
    data[-1] |= 0x80
    lanes = [[0] * 5 for _ in range(5)]
    for off in range(0, len(data), rate):
        blk = data[off:off + rate]
        for i in range(rate // 8):
            x, y = i % 5, i // 5
            lanes[x][y] ^= int.from_bytes(blk[8 * i:8 * i + 8], "little")
        lanes = _keccak_f(lanes)
    out = b""
    for i in range(4):
        out += lanes[i % 5][i // 5].to_bytes(8, "little")
    return out


def eip55(addr20):
    h = addr20.hex()
    k = keccak256(h.encode()).hex()
    return "0x" + "".join(c.upper() if c.isalpha() and int(k[i], 16) >= 8 else c for i, c in enumerate(h))


B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def b62(n, width):
    s = ""
    while n:
        n, r = divmod(n, 62)
        s = B62[r] + s
    return s.rjust(width, "0")


def _selftest():
    assert keccak256(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    # keylint:allow (RFC 8032 test vector; the corpus generator holds templates, not keys)
    assert ed25519_pub(bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")).hex() \
        == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
    assert eip55(bytes.fromhex("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")) == \
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"


# ----------------------------------------------------------------------------
# value generators (all from the seeded RNG)
class V:
    def __init__(self, rng):
        self.r = rng
        self.seen = set()

    def _u(self, f):
        for _ in range(100):
            v = f()
            if v not in self.seen:
                self.seen.add(v)
                return v
        raise RuntimeError("no unique value")

    def chars(self, alpha, n):
        return self._u(lambda: "".join(self.r.choice(alpha) for _ in range(n)))

    def alnum(self, n): return self.chars(string.ascii_letters + string.digits, n)
    def lalnum(self, n): return self.chars(string.ascii_lowercase + string.digits, n)
    def ualnum(self, n): return self.chars(string.ascii_uppercase + string.digits, n)
    def hexl(self, n): return self.chars("0123456789abcdef", n)
    def hexu(self, n): return self.chars("0123456789ABCDEF", n)
    def b64url(self, n): return self.chars(string.ascii_letters + string.digits + "-_", n)
    def bytes(self, n): return bytes(self.r.getrandbits(8) for _ in range(n))
    def b64(self, nbytes): return self._u(lambda: base64.b64encode(self.bytes(nbytes)).decode())

    def uuid(self):
        h = self.hexl(32)
        h = h[:12] + "4" + h[13:16] + self.r.choice("89ab") + h[17:]
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def password(self, n=None):
        n = n or self.r.randint(12, 20)
        sy = "!#%*+-_.@"
        def f():
            s = [self.r.choice(string.ascii_letters + string.digits + sy) for _ in range(n)]
            s[0] = self.r.choice(string.ascii_letters)
            s[self.r.randrange(1, n)] = self.r.choice(string.digits)
            s[self.r.randrange(1, n)] = self.r.choice("!#%*-_")
            return "".join(s)
        return self._u(f)

    def passphrase(self):
        w = self.r.choice(["Moon", "Lambo", "Hodl", "Grid", "Sats", "Whale", "Pump", "Delta"])
        return self._u(lambda: w + self.r.choice("!#*-_@") + "".join(self.r.choice(string.ascii_letters + string.digits) for _ in range(self.r.randint(8, 14))))

    # --- wallet material
    def evm_pk(self, prefix=True):
        v = self._u(lambda: self.bytes(32).hex())
        return ("0x" + v) if prefix else v

    def evm_addr(self): return self._u(lambda: eip55(self.bytes(20)))
    def hash32(self): return self._u(lambda: "0x" + self.bytes(32).hex())

    def sol_keypair(self):
        seed = self.bytes(32)
        kp = seed + ed25519_pub(seed)
        return kp

    def sol_b58(self): return self._u(lambda: b58enc(self.sol_keypair()))
    def sol_addr(self): return self._u(lambda: b58enc(self.bytes(32)))
    def sol_sig(self): return self._u(lambda: b58enc(self.bytes(64)))

    def wif(self, compressed=True, testnet=False):
        ver = b"\xef" if testnet else b"\x80"
        return self._u(lambda: b58check(ver + self.bytes(32) + (b"\x01" if compressed else b"")))

    def btc_addr(self):
        return self._u(lambda: b58check(self.r.choice([b"\x00", b"\x05"]) + self.bytes(20)))

    def mnemonic(self, n=12):
        ent = {12: 16, 15: 20, 18: 24, 21: 28, 24: 32}[n]
        def f():
            e = self.bytes(ent)
            cs = ent * 8 // 32
            bits = bin(int.from_bytes(e, "big"))[2:].zfill(ent * 8) + \
                bin(hashlib.sha256(e).digest()[0])[2:].zfill(8)[:cs]
            return " ".join(WORDS[int(bits[i:i + 11], 2)] for i in range(0, len(bits), 11))
        return self._u(f)

    def github(self, kind="ghp"):
        def f():
            body = "".join(self.r.choice(B62) for _ in range(30))
            return f"{kind}_{body}{b62(zlib.crc32(body.encode()), 6)}"
        return self._u(f)

    def telegram(self):
        return self._u(lambda: f"{self.r.randint(10**8, 8 * 10**9)}:AA" +
                       "".join(self.r.choice(string.ascii_letters + string.digits + "-_") for _ in range(33)))

    def discord(self):
        uid = str(self.r.randint(10**17, 10**18 - 1))
        p1 = base64.b64encode(uid.encode()).decode().rstrip("=")
        return self._u(lambda: p1 + "." + "".join(self.r.choice(string.ascii_letters + string.digits + "-_") for _ in range(6))
                       + "." + "".join(self.r.choice(string.ascii_letters + string.digits + "-_") for _ in range(38)))

    def discord_webhook(self):
        return f"https://discord.com/api/webhooks/{self.r.randint(10**17, 10**19)}/{self.b64url(68)}"

    def slack_webhook(self):
        return f"https://hooks.slack.com/services/T{self.ualnum(8)}/B{self.ualnum(10)}/{self.alnum(24)}"

    def slack_bot(self):
        return f"xoxb-{self.r.randint(10**10, 10**12)}-{self.r.randint(10**12, 10**13)}-{self.alnum(24)}"

    def aws(self):
        return ("AKIA" + self.chars(string.ascii_uppercase + "234567", 16),
                self.chars(string.ascii_letters + string.digits + "/+", 40))

    def openai(self):
        return "sk-proj-" + self.b64url(74) + "T3BlbkFJ" + self.b64url(74)

    def anthropic(self): return "sk-ant-api03-" + self.b64url(93) + "AA"
    def stripe(self): return "sk_live_" + self.alnum(self.r.choice([24, 99]))
    def sendgrid(self): return "SG." + self.b64url(22) + "." + self.b64url(43)
    def django(self):
        return "django-insecure-" + self.chars(string.ascii_lowercase + string.digits + "!@#%^&*(-_=+)", 50)

    def pem(self, kind):
        """returns (begin_label, base64 body). DER prefixes are real, bodies random."""
        if kind == "ed25519":
            der = bytes.fromhex("302e020100300506032b657004220420") + self.bytes(32)
            return "PRIVATE KEY", base64.b64encode(der).decode()
        if kind == "ec":
            der = bytes.fromhex("30770201010420") + self.bytes(32) + \
                bytes.fromhex("a00a06082a8648ce3d030107a144034200") + b"\x04" + self.bytes(64)
            return "EC PRIVATE KEY", base64.b64encode(der).decode()
        if kind == "rsa8":
            der = bytes.fromhex("308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100") + self.bytes(1190)
            return "PRIVATE KEY", base64.b64encode(der).decode()
        if kind == "rsa":
            der = bytes.fromhex("308204a40201000282010100") + self.bytes(1180)
            return "RSA PRIVATE KEY", base64.b64encode(der).decode()
        raise ValueError(kind)


def pem_lines(label, body):
    return [f"-----BEGIN {label}-----"] + [body[i:i + 64] for i in range(0, len(body), 64)] + [f"-----END {label}-----"]


def pem_text(label, body, sep="\n"):
    return sep.join(pem_lines(label, body)) + sep


def mask(v):
    return v[:4] + "*" * 8 + v[-4:]


# ----------------------------------------------------------------------------
# provider credential sets
def creds(v, prov):
    r = v.r
    if prov == "binance": return {"api_key": v.alnum(64), "api_secret": v.alnum(64)}
    if prov == "coinbase":
        org, kid = v.uuid(), v.uuid()
        lab, body = v.pem("ec")
        return {"api_key": f"organizations/{org}/apiKeys/{kid}", "api_secret": (lab, body)}
    if prov == "coinbase-exchange":
        return {"api_key": v.hexl(32), "api_secret": v.b64(64), "passphrase": v.lalnum(11)}
    if prov == "kraken": return {"api_key": v.b64(42), "api_secret": v.b64(64)}
    if prov == "bybit": return {"api_key": v.alnum(18), "api_secret": v.alnum(36)}
    if prov == "okx": return {"api_key": v.uuid(), "api_secret": v.hexu(32), "passphrase": v.passphrase()}
    if prov == "kucoin": return {"api_key": v.hexl(24), "api_secret": v.uuid(), "passphrase": v.passphrase()}
    if prov == "bitget": return {"api_key": "bg_" + v.hexl(32), "api_secret": v.hexl(64), "passphrase": v.passphrase()}
    if prov == "gateio": return {"api_key": v.hexl(32), "api_secret": v.hexl(64)}
    if prov == "mexc": return {"api_key": "mx0vgl" + v.alnum(12), "api_secret": v.hexl(32)}
    if prov == "htx":
        return {"api_key": "-".join(v.lalnum(n) for n in (8, 8, 8, 5)), "api_secret": "-".join(v.lalnum(n) for n in (8, 8, 8, 5))}
    if prov == "bitfinex": return {"api_key": v.b64url(43), "api_secret": v.b64url(43)}
    if prov == "gemini": return {"api_key": r.choice(["account-", "master-"]) + v.alnum(20), "api_secret": v.alnum(28)}
    if prov == "deribit": return {"api_key": v.alnum(8), "api_secret": v.b64url(43)}
    if prov == "bitmex": return {"api_key": v.b64url(24), "api_secret": v.b64url(48)}
    if prov == "phemex": return {"api_key": v.uuid(), "api_secret": v.b64url(86)}
    if prov == "upbit": return {"api_key": v.alnum(40), "api_secret": v.alnum(40)}
    if prov == "bitvavo": return {"api_key": v.hexl(64), "api_secret": v.hexl(128)}
    if prov == "bitstamp": return {"api_key": v.alnum(32), "api_secret": v.alnum(32)}
    if prov == "alpaca": return {"api_key": r.choice(["PK", "AK"]) + v.ualnum(18), "api_secret": v.alnum(40)}
    if prov == "oanda": return {"token": v.hexl(32) + "-" + v.hexl(32)}
    if prov == "tradier": return {"token": v.alnum(28)}
    if prov == "polygon": return {"api_key": v.alnum(32)}
    if prov == "finnhub": return {"api_key": v.lalnum(20)}
    if prov == "kite": return {"api_key": v.lalnum(16), "api_secret": v.lalnum(32)}
    if prov == "etherscan": return {"api_key": v.ualnum(34)}
    if prov == "infura": return {"api_key": v.hexl(32)}
    if prov == "alchemy": return {"api_key": v.b64url(32)}
    if prov == "coingecko": return {"api_key": "CG-" + v.alnum(24)}
    if prov == "cmc": return {"api_key": v.uuid()}
    raise KeyError(prov)


# ----------------------------------------------------------------------------
# output model
EXT_LANG = {
    "py": "python", "js": "javascript", "mjs": "javascript", "ts": "typescript", "go": "go", "rs": "rust",
    "java": "java", "kt": "kotlin", "cs": "csharp", "php": "php", "rb": "ruby", "ex": "elixir", "exs": "elixir",
    "cpp": "cpp", "hpp": "cpp", "h": "cpp", "swift": "swift", "dart": "dart", "scala": "scala", "lua": "lua",
    "R": "r", "pl": "perl", "ps1": "powershell", "sh": "shell", "bash": "shell", "ini": "ini", "toml": "toml",
    "yaml": "yaml", "yml": "yaml", "json": "json", "properties": "properties", "xml": "xml", "conf": "conf",
    "service": "systemd", "tf": "terraform", "tfvars": "terraform", "ipynb": "notebook", "sql": "sql", "csv": "csv",
    "http": "http", "log": "log", "har": "har", "md": "markdown", "txt": "text", "key": "text", "cfg": "ini",
    "gradle": "groovy", "lock": "text", "env": "dotenv",
}


def lang_of(path):
    base = os.path.basename(path)
    if base.startswith(".env") or base.endswith(".env"): return "dotenv"
    if base in (".bash_history", ".zsh_history"): return "shell-history"
    if base == "Dockerfile": return "dockerfile"
    if base == "Makefile": return "makefile"
    if base == "crontab": return "crontab"
    if base == ".Renviron": return "dotenv"
    if base.endswith(".postman_collection.json"): return "postman"
    if "docker-compose" in base or base.startswith("compose."): return "yaml"
    ext = base.rsplit(".", 1)[-1] if "." in base else ""
    return EXT_LANG.get(ext, "text")


class F:
    def __init__(self, repo, path):
        self.repo, self.path, self.lines, self.labs = repo, path, [], {}
        self.lang = lang_of(path)

    def add(self, text="", *labs, at=0):
        """append text (may hold newlines); labels attach to line `at` (0 = first) of the text."""
        parts = text.split("\n")
        start = len(self.lines) + 1
        self.lines.extend(parts)
        for lab in labs:
            if lab is None:
                continue
            ln = start + lab.pop("_at", at)
            self.labs.setdefault(ln, []).append(lab)
        return start

    def extend(self, lines):
        for x in lines:
            if isinstance(x, tuple):
                self.add(x[0], *x[1:])
            else:
                self.add(x)


def P(provider, cred, form, value, needles=None, span=1, at=None, extra=()):
    d = {"label": "positive", "provider": provider, "cred": cred, "form": form, "value": value,
         "needles": needles if needles is not None else [value], "span": span, "secrets": list(extra)}
    if at is not None: d["_at"] = at
    return d


def N(provider, cred, form, value, trap, needles=None, at=None):
    d = {"label": "negative", "provider": provider, "cred": cred, "form": form, "value": value, "trap": trap,
         "needles": needles if needles is not None else [value], "span": 1, "secrets": []}
    if at is not None: d["_at"] = at
    return d


class Repo:
    def __init__(self, name):
        self.name, self.files = name, []

    def file(self, path):
        f = F(self, path)
        self.files.append(f)
        return f


class Raw(str):
    """already-quoted literal for cfg()"""


def mk(spec, form, value, needles=None, **kw):
    """spec: None | ('P', provider, cred) | ('N', provider, cred, trap)"""
    if spec is None:
        return None
    if isinstance(spec, dict):
        return L_(spec, spec.get("form") or form)
    if spec[0] == "P":
        return P(spec[1], spec[2], form, value, needles=needles, **kw)
    return N(spec[1], spec[2], form, value, spec[3], needles=needles, **kw)


# ----------------------------------------------------------------------------
# identifier styles
def _w(n):
    n = "".join(("_" + c) if c.isupper() and i and n[i - 1].islower() else c for i, c in enumerate(n))
    return [p for p in n.replace("-", "_").split("_") if p]
def snake(n): return "_".join(x.lower() for x in _w(n))
def upper(n): return "_".join(x.upper() for x in _w(n))
def camel(n):
    w = _w(n)
    return w[0].lower() + "".join(x.capitalize() for x in w[1:])
def pascal(n): return "".join(x.capitalize() for x in _w(n))
def kebab(n): return "-".join(x.lower() for x in _w(n))


def _q(c):
    return lambda v: f"{c}{v}{c}"


# per-language code templates
LANGS = {
    "python": dict(
        c="#", q=_q('"'), indent="    ",
        const=lambda n, v: f'{upper(n)} = "{v}"',
        envfb=lambda n, E, v: f'{snake(n)} = os.getenv("{E}", "{v}")',
        envref=lambda n, E: f'{snake(n)} = os.environ["{E}"]',
        kw_open=lambda var, C: f"{var} = {C}(", kw_entry=lambda k, v, last: f'    {snake(k)}="{v}",', kw_close=")",
        map_open=lambda var: f"{var} = {{", map_entry=lambda k, v, last: f'    "{k}": "{v}",', map_close="}",
        pos=lambda var, C, a: f"{var} = {C}({', '.join(a)})", kwform="ctor-kwargs",
        head=["import os", "import time", "import logging", "", "log = logging.getLogger(__name__)", ""],
        body_open=["", "def main():"], body_close=["", "", 'if __name__ == "__main__":', "    main()"]),
    "javascript": dict(
        c="//", q=_q("'"), indent="  ",
        const=lambda n, v: f"const {upper(n)} = '{v}';",
        envfb=lambda n, E, v: f"const {camel(n)} = process.env.{E} || '{v}';",
        envref=lambda n, E: f"const {camel(n)} = process.env.{E};",
        kw_open=lambda var, C: f"const {var} = new {C}({{", kw_entry=lambda k, v, last: f"  {camel(k)}: '{v}',", kw_close="});",
        map_open=lambda var: f"const {var} = {{", map_entry=lambda k, v, last: f"  {k}: '{v}',", map_close="};",
        pos=lambda var, C, a: f"const {var} = new {C}({', '.join(a)});", kwform="options-object",
        head=["'use strict';", "", "const ccxt = require('ccxt');", "const axios = require('axios');", ""],
        body_open=["", "async function main() {"], body_close=["}", "", "main().catch(console.error);"]),
    "typescript": dict(
        c="//", q=_q('"'), indent="  ",
        const=lambda n, v: f'const {upper(n)}: string = "{v}";',
        envfb=lambda n, E, v: f'const {camel(n)} = process.env.{E} ?? "{v}";',
        envref=lambda n, E: f"const {camel(n)} = process.env.{E}!;",
        kw_open=lambda var, C: f"const {var} = new {C}({{", kw_entry=lambda k, v, last: f'  {camel(k)}: "{v}",', kw_close="});",
        map_open=lambda var: f"const {var}: Record<string, string> = {{", map_entry=lambda k, v, last: f'  {k}: "{v}",', map_close="};",
        pos=lambda var, C, a: f"const {var} = new {C}({', '.join(a)});", kwform="options-object",
        head=['import "dotenv/config";', 'import { setTimeout as sleep } from "timers/promises";', ""],
        body_open=["", "export async function run(): Promise<void> {"], body_close=["}", "", "run();"]),
    "go": dict(
        c="//", q=_q('"'), indent="\t",
        const=lambda n, v: f'const {camel(n)} = "{v}"',
        envfb=lambda n, E, v: f'{camel(n)} := getenv("{E}", "{v}")',
        envref=lambda n, E: f'{camel(n)} := os.Getenv("{E}")',
        kw_open=lambda var, C: f"{var} := {C}{{", kw_entry=lambda k, v, last: f'\t{pascal(k)}: "{v}",', kw_close="}",
        map_open=lambda var: f"{var} := map[string]string{{", map_entry=lambda k, v, last: f'\t"{k}": "{v}",', map_close="}",
        pos=lambda var, C, a: f"{var} := {C}({', '.join(a)})", kwform="struct-literal",
        head=["package main", "", "import (", '\t"log"', '\t"os"', '\t"time"', ")", "",
              "func getenv(k, def string) string {", "\tif v := os.Getenv(k); v != \"\" {", "\t\treturn v", "\t}", "\treturn def", "}", ""],
        body_open=["", "func main() {"], body_close=["\tlog.Println(\"bot started\", time.Now())", "}"]),
    "rust": dict(
        c="//", q=_q('"'), indent="    ",
        const=lambda n, v: f'const {upper(n)}: &str = "{v}";',
        envfb=lambda n, E, v: f'let {snake(n)} = env::var("{E}").unwrap_or_else(|_| "{v}".to_string());',
        envref=lambda n, E: f'let {snake(n)} = env::var("{E}")?;',
        kw_open=lambda var, C: f"let {var} = {C} {{", kw_entry=lambda k, v, last: f'    {snake(k)}: "{v}".to_string(),', kw_close="};",
        map_open=lambda var: f"let {var}: HashMap<&str, &str> = HashMap::from([", map_entry=lambda k, v, last: f'    ("{k}", "{v}"),', map_close="]);",
        pos=lambda var, C, a: f"let {var} = {C}({', '.join(a)});", kwform="struct-literal",
        head=["use std::collections::HashMap;", "use std::env;", ""],
        body_open=["", "#[tokio::main]", "async fn main() -> anyhow::Result<()> {"], body_close=["    Ok(())", "}"]),
    "java": dict(
        c="//", q=_q('"'), indent="        ",
        const=lambda n, v: f'    private static final String {upper(n)} = "{v}";',
        envfb=lambda n, E, v: f'String {camel(n)} = System.getenv().getOrDefault("{E}", "{v}");',
        envref=lambda n, E: f'String {camel(n)} = System.getenv("{E}");',
        kw_open=lambda var, C: f"{C} {var} = {C}.builder()", kw_entry=lambda k, v, last: f'        .{camel(k)}("{v}")' + ("\n        .build();" if last else ""), kw_close=None,
        map_open=lambda var: f"Map<String, String> {var} = Map.of(", map_entry=lambda k, v, last: f'    "{k}", "{v}"' + ("" if last else ","), map_close=");",
        pos=lambda var, C, a: f"{C} {var} = new {C}({', '.join(a)});", kwform="builder-chain",
        head=["package com.example.bot;", "", "import java.util.Map;", "", "public class TradingBot {"],
        body_open=["", "    public static void main(String[] args) throws Exception {"], body_close=["    }", "}"]),
    "kotlin": dict(
        c="//", q=_q('"'), indent="    ",
        const=lambda n, v: f'const val {upper(n)} = "{v}"',
        envfb=lambda n, E, v: f'val {camel(n)} = System.getenv("{E}") ?: "{v}"',
        envref=lambda n, E: f'val {camel(n)} = System.getenv("{E}")',
        kw_open=lambda var, C: f"val {var} = {C}(", kw_entry=lambda k, v, last: f'    {camel(k)} = "{v}",', kw_close=")",
        map_open=lambda var: f"val {var} = mapOf(", map_entry=lambda k, v, last: f'    "{k}" to "{v}",', map_close=")",
        pos=lambda var, C, a: f"val {var} = {C}({', '.join(a)})", kwform="named-args",
        head=["package bot", "", "import kotlinx.coroutines.runBlocking", ""],
        body_open=["", "fun main() = runBlocking {"], body_close=["}"]),
    "csharp": dict(
        c="//", q=_q('"'), indent="        ",
        const=lambda n, v: f'    private const string {pascal(n)} = "{v}";',
        envfb=lambda n, E, v: f'var {camel(n)} = Environment.GetEnvironmentVariable("{E}") ?? "{v}";',
        envref=lambda n, E: f'var {camel(n)} = Environment.GetEnvironmentVariable("{E}");',
        kw_open=lambda var, C: f"var {var} = new {C}\n{{", kw_entry=lambda k, v, last: f'    {pascal(k)} = "{v}",', kw_close="};",
        map_open=lambda var: f"var {var} = new Dictionary<string, string>\n{{", map_entry=lambda k, v, last: f'    ["{k}"] = "{v}",', map_close="};",
        pos=lambda var, C, a: f"var {var} = new {C}({', '.join(a)});", kwform="object-initializer",
        head=["using System;", "using System.Collections.Generic;", "", "namespace Bot;", "", "public static class Program", "{"],
        body_open=["", "    public static async Task Main(string[] args)", "    {"], body_close=["    }", "}"]),
    "php": dict(
        c="//", q=_q("'"), indent="",
        const=lambda n, v: f"define('{upper(n)}', '{v}');",
        envfb=lambda n, E, v: f"${camel(n)} = getenv('{E}') ?: '{v}';",
        envref=lambda n, E: f"${camel(n)} = getenv('{E}');",
        kw_open=lambda var, C: f"${var} = new {C}([", kw_entry=lambda k, v, last: f"    '{k}' => '{v}',", kw_close="]);",
        map_open=lambda var: f"${var} = [", map_entry=lambda k, v, last: f"    '{k}' => '{v}',", map_close="];",
        pos=lambda var, C, a: f"${var} = new {C}({', '.join(a)});", kwform="assoc-array",
        head=["<?php", "", "require __DIR__ . '/vendor/autoload.php';", ""], body_open=[], body_close=["", "$bot->run();"]),
    "ruby": dict(
        c="#", q=_q("'"), indent="",
        const=lambda n, v: f"{upper(n)} = '{v}'",
        envfb=lambda n, E, v: f"{snake(n)} = ENV.fetch('{E}', '{v}')",
        envref=lambda n, E: f"{snake(n)} = ENV.fetch('{E}')",
        kw_open=lambda var, C: f"{var} = {C}.new(", kw_entry=lambda k, v, last: f"  {snake(k)}: '{v}'" + ("" if last else ","), kw_close=")",
        map_open=lambda var: f"{var} = {{", map_entry=lambda k, v, last: f"  '{k}' => '{v}',", map_close="}",
        pos=lambda var, C, a: f"{var} = {C}.new({', '.join(a)})", kwform="kwargs",
        head=["# frozen_string_literal: true", "", "require 'json'", "require 'logger'", ""], body_open=[], body_close=["", "bot.run!"]),
    "elixir": dict(
        c="#", q=_q('"'), indent="    ",
        const=lambda n, v: f'  @{snake(n)} "{v}"',
        envfb=lambda n, E, v: f'{snake(n)} = System.get_env("{E}", "{v}")',
        envref=lambda n, E: f'{snake(n)} = System.fetch_env!("{E}")',
        kw_open=lambda var, C: f"{var} = %{C}{{", kw_entry=lambda k, v, last: f'  {snake(k)}: "{v}"' + ("" if last else ","), kw_close="}",
        map_open=lambda var: f"{var} = %{{", map_entry=lambda k, v, last: f'  "{k}" => "{v}"' + ("" if last else ","), map_close="}",
        pos=lambda var, C, a: f"{{:ok, {var}}} = {C}.start_link({', '.join(a)})", kwform="struct-literal",
        head=["defmodule Bot.Trader do", "  use GenServer", "  require Logger", ""],
        body_open=["", "  def init(_opts) do"], body_close=["    {:ok, %{}}", "  end", "end"]),
    "cpp": dict(
        c="//", q=_q('"'), indent="    ",
        const=lambda n, v: f'static const std::string {upper(n)} = "{v}";',
        envfb=lambda n, E, v: f'std::string {snake(n)} = env_or("{E}", "{v}");',
        envref=lambda n, E: f'const char* {snake(n)} = std::getenv("{E}");',
        kw_open=lambda var, C: f"{C} {var}{{", kw_entry=lambda k, v, last: f'    .{snake(k)} = "{v}",', kw_close="};",
        map_open=lambda var: f"std::map<std::string, std::string> {var} = {{", map_entry=lambda k, v, last: f'    {{"{k}", "{v}"}},', map_close="};",
        pos=lambda var, C, a: f"auto {var} = std::make_unique<{C}>({', '.join(a)});", kwform="designated-init",
        head=["#include <cstdlib>", "#include <map>", "#include <memory>", "#include <string>", "", '#include "exchange.hpp"', "",
              "static std::string env_or(const char* k, const char* d) {", "    const char* v = std::getenv(k);", "    return v ? v : d;", "}", ""],
        body_open=["", "int main(int argc, char** argv) {"], body_close=["    return 0;", "}"]),
    "swift": dict(
        c="//", q=_q('"'), indent="",
        const=lambda n, v: f'let {camel(n)} = "{v}"',
        envfb=lambda n, E, v: f'let {camel(n)} = ProcessInfo.processInfo.environment["{E}"] ?? "{v}"',
        envref=lambda n, E: f'let {camel(n)} = ProcessInfo.processInfo.environment["{E}"]!',
        kw_open=lambda var, C: f"let {var} = {C}(", kw_entry=lambda k, v, last: f'    {camel(k)}: "{v}"' + ("" if last else ","), kw_close=")",
        map_open=lambda var: f"let {var}: [String: String] = [", map_entry=lambda k, v, last: f'    "{k}": "{v}",', map_close="]",
        pos=lambda var, C, a: f"let {var} = {C}({', '.join(a)})", kwform="labeled-args",
        head=["import Foundation", ""], body_open=[], body_close=["", "RunLoop.main.run()"]),
    "dart": dict(
        c="//", q=_q("'"), indent="  ",
        const=lambda n, v: f"const {camel(n)} = '{v}';",
        envfb=lambda n, E, v: f"final {camel(n)} = Platform.environment['{E}'] ?? '{v}';",
        envref=lambda n, E: f"final {camel(n)} = Platform.environment['{E}']!;",
        kw_open=lambda var, C: f"final {var} = {C}(", kw_entry=lambda k, v, last: f"  {camel(k)}: '{v}',", kw_close=");",
        map_open=lambda var: f"final {var} = <String, String>{{", map_entry=lambda k, v, last: f"  '{k}': '{v}',", map_close="};",
        pos=lambda var, C, a: f"final {var} = {C}({', '.join(a)});", kwform="named-args",
        head=["import 'dart:io';", "", "import 'package:http/http.dart' as http;", ""],
        body_open=["", "Future<void> main() async {"], body_close=["}"]),
    "scala": dict(
        c="//", q=_q('"'), indent="    ",
        const=lambda n, v: f'  val {camel(n)} = "{v}"',
        envfb=lambda n, E, v: f'val {camel(n)} = sys.env.getOrElse("{E}", "{v}")',
        envref=lambda n, E: f'val {camel(n)} = sys.env("{E}")',
        kw_open=lambda var, C: f"val {var} = {C}(", kw_entry=lambda k, v, last: f'  {camel(k)} = "{v}"' + ("" if last else ","), kw_close=")",
        map_open=lambda var: f"val {var} = Map(", map_entry=lambda k, v, last: f'  "{k}" -> "{v}"' + ("" if last else ","), map_close=")",
        pos=lambda var, C, a: f"val {var} = new {C}({', '.join(a)})", kwform="named-args",
        head=["package bot", "", "import scala.concurrent.duration._", "", "object Main extends App {"],
        body_open=[""], body_close=["}"]),
    "lua": dict(
        c="--", q=_q('"'), indent="",
        const=lambda n, v: f'local {upper(n)} = "{v}"',
        envfb=lambda n, E, v: f'local {snake(n)} = os.getenv("{E}") or "{v}"',
        envref=lambda n, E: f'local {snake(n)} = os.getenv("{E}")',
        kw_open=lambda var, C: f"local {var} = {C}.new({{", kw_entry=lambda k, v, last: f'  {snake(k)} = "{v}",', kw_close="})",
        map_open=lambda var: f"local {var} = {{", map_entry=lambda k, v, last: f'  ["{k}"] = "{v}",', map_close="}",
        pos=lambda var, C, a: f"local {var} = {C}.new({', '.join(a)})", kwform="table-ctor",
        head=['local http = require("socket.http")', 'local json = require("cjson")', ""], body_open=[], body_close=["", "return M"]),
    "r": dict(
        c="#", q=_q('"'), indent="",
        const=lambda n, v: f'{snake(n)} <- "{v}"',
        envfb=lambda n, E, v: f'{snake(n)} <- Sys.getenv("{E}", unset = "{v}")',
        envref=lambda n, E: f'{snake(n)} <- Sys.getenv("{E}")',
        kw_open=lambda var, C: f"{var} <- {C}(", kw_entry=lambda k, v, last: f'  {snake(k)} = "{v}"' + ("" if last else ","), kw_close=")",
        map_open=lambda var: f"{var} <- list(", map_entry=lambda k, v, last: f'  {snake(k)} = "{v}"' + ("" if last else ","), map_close=")",
        pos=lambda var, C, a: f"{var} <- {C}({', '.join(a)})", kwform="named-args",
        head=["library(httr)", "library(jsonlite)", "library(dplyr)", ""], body_open=[], body_close=[]),
    "perl": dict(
        c="#", q=_q("'"), indent="",
        const=lambda n, v: f"use constant {upper(n)} => '{v}';",
        envfb=lambda n, E, v: f"my ${snake(n)} = $ENV{{{E}}} // '{v}';",
        envref=lambda n, E: f"my ${snake(n)} = $ENV{{{E}}};",
        kw_open=lambda var, C: f"my ${var} = {C}->new(", kw_entry=lambda k, v, last: f"    {snake(k)} => '{v}',", kw_close=");",
        map_open=lambda var: f"my %{var} = (", map_entry=lambda k, v, last: f"    {snake(k)} => '{v}',", map_close=");",
        pos=lambda var, C, a: f"my ${var} = {C}->new({', '.join(a)});", kwform="hash-args",
        head=["#!/usr/bin/env perl", "use strict;", "use warnings;", "use LWP::UserAgent;", "use Digest::SHA qw(hmac_sha384_hex);", ""],
        body_open=[], body_close=["", "exit 0;"]),
    "powershell": dict(
        c="#", q=_q('"'), indent="",
        const=lambda n, v: f'${pascal(n)} = "{v}"',
        envfb=lambda n, E, v: f'${pascal(n)} = if ($env:{E}) {{ $env:{E} }} else {{ "{v}" }}',
        envref=lambda n, E: f"${pascal(n)} = $env:{E}",
        kw_open=lambda var, C: f"${var} = @{{", kw_entry=lambda k, v, last: f'    {pascal(k)} = "{v}"', kw_close="}",
        map_open=lambda var: f"${var} = @{{", map_entry=lambda k, v, last: f'    "{k}" = "{v}"', map_close="}",
        pos=lambda var, C, a: f"${var} = {C} {' '.join(a)}", kwform="hashtable",
        head=["#Requires -Version 7", "param([switch]$Live)", "$ErrorActionPreference = 'Stop'", ""], body_open=[], body_close=["", "Write-Host 'done'"]),
    "shell": dict(
        c="#", q=_q('"'), indent="",
        const=lambda n, v: f'{upper(n)}="{v}"',
        envfb=lambda n, E, v: f'{upper(n)}="${{{E}:-{v}}}"',
        envref=lambda n, E: f'{upper(n)}="${{{E}}}"',
        kw_open=lambda var, C: f"{C} \\", kw_entry=lambda k, v, last: f'  --{kebab(k)} "{v}"' + ("" if last else " \\"), kw_close=None,
        map_open=lambda var: f"cat > {var} <<EOF", map_entry=lambda k, v, last: f"{upper(k)}={v}", map_close="EOF",
        pos=lambda var, C, a: f"{C} {' '.join(a)}", kwform="cli-flag",
        head=["#!/usr/bin/env bash", "set -euo pipefail", ""], body_open=[], body_close=["", 'echo "deployed"']),
}


# ----------------------------------------------------------------------------
# generic emitters
def code(repo, path, lang, items):
    """Emit a bot source file in `lang` from a list of items (see README)."""
    L = LANGS[lang]
    f = repo.file(path)
    f.extend(L["head"])
    top, body = [], []
    for it in items:
        (top if it[0] in ("const", "top") else body).append(it)
    for it in top:
        _emit(f, L, it, "")
    if body:
        f.extend(L["body_open"])
        for it in body:
            _emit(f, L, it, L["indent"] if L["body_open"] else "")
        f.extend(L["body_close"])
    return f


def _ind(text, ind):
    return "\n".join((ind + x) if x else x for x in text.split("\n"))


def _emit(f, L, it, ind):
    k = it[0]
    c = L["c"]
    if k == "const":
        _, spec, name, value = it
        f.add(_ind(L["const"](name, value), ind), mk(spec, "assign", value))
    elif k == "envfb":
        _, spec, name, E, value = it
        f.add(_ind(L["envfb"](name, E, value), ind), mk(spec, "env-fallback", value))
    elif k == "envref":
        _, spec, name, E = it
        f.add(_ind(L["envref"](name, E), ind), mk(spec, "env-ref", E))
    elif k in ("kw", "map"):
        if k == "kw":
            _, var, ctor, entries = it
            f.add(_ind(L["kw_open"](var, ctor), ind))
            ent, close, form = L["kw_entry"], L["kw_close"], L["kwform"]
        else:
            _, var, entries = it
            f.add(_ind(L["map_open"](var), ind))
            ent, close, form = L["map_entry"], L["map_close"], "map-literal"
        for i, (key, value, spec) in enumerate(entries):
            f.add(_ind(ent(key, value, i == len(entries) - 1), ind), mk(spec, form, value) if spec else None)
        if close:
            f.add(_ind(close, ind))
    elif k == "pos":
        _, var, ctor, args = it
        q = L["q"]
        rend = [a[1:] if a.startswith("@") else q(a) for a, _ in args]
        labs = [mk(s_, "ctor-positional", v_) for v_, s_ in args if s_]
        pos = [x for x in labs if x["label"] == "positive"]
        chosen = pos[0] if pos else (labs[0] if labs else None)
        for x in labs:
            if x is not chosen:
                chosen["secrets"].append(x["value"]) if x["label"] == "positive" else None
        f.add(_ind(L["pos"](var, ctor, rend), ind), chosen)
    elif k == "comment":
        _, text, spec, value = it
        f.add(_ind(f"{c} {text}", ind), mk(spec, "comment", value))
    elif k == "top" or k == "line":
        _, text, labs = it
        f.add(_ind(text, ind), *labs)
    elif k == "blank":
        f.add("")
    else:
        raise ValueError(k)


def cfg(repo, path, fmt, sections, head=()):
    """sections: [(name|None, [(key, value, spec)])]; value may be int/bool; spec None = unlabelled."""
    f = repo.file(path)
    for h in head:
        f.add(h)
    form = {"env": "env-assign", "ini": "ini-key", "toml": "toml-key", "yaml": "yaml-key", "json": "json-key",
            "properties": "properties-key", "xml": "xml-element", "hcl": "hcl-attr", "hocon": "hocon-key",
            "conf": "conf-directive"}[fmt]

    def sv(v, quote):
        if isinstance(v, Raw): return str(v)
        if isinstance(v, bool): return "true" if v else "false"
        if isinstance(v, (int, float)): return str(v)
        return quote(v)

    if fmt == "json":
        f.add("{")
        for si, (sec, ents) in enumerate(sections):
            ind = "  "
            if sec:
                f.add(f'  "{sec}": {{')
                ind = "    "
            more = any(ents2 for _, ents2 in sections[si + 1:])
            for i, (k, v, spec) in enumerate(ents):
                comma = "," if (i < len(ents) - 1 or (not sec and more)) else ""
                f.add(f'{ind}"{k}": {sv(v, lambda x: json.dumps(x))}{comma}', mk(spec, form, v))
            if sec:
                f.add("  }" + ("," if si < len(sections) - 1 else ""))
        f.add("}")
        return f
    for sec, ents in sections:
        if fmt in ("ini", "toml") and sec:
            f.add(f"[{sec}]")
        elif fmt == "yaml" and sec:
            f.add(f"{sec}:")
        elif fmt in ("hocon", "hcl") and sec:
            f.add(f"{sec} {{")
        elif fmt == "xml" and sec:
            f.add(f"  <{sec}>")
        elif fmt in ("env", "properties", "conf") and sec:
            f.add(f"# --- {sec} ---")
        for k, v, spec in ents:
            if fmt == "env":
                line = f"{k}={sv(v, lambda x: x)}"
            elif fmt == "ini":
                line = f"{k} = {sv(v, lambda x: x)}"
            elif fmt == "toml":
                line = f'{k} = {sv(v, lambda x: json.dumps(x))}'
            elif fmt == "yaml":
                line = ("  " if sec else "") + f"{k}: {sv(v, lambda x: x if x and x[0].isalnum() and ':' not in x and '#' not in x else json.dumps(x))}"
            elif fmt == "properties":
                line = f"{k}={sv(v, lambda x: x)}"
            elif fmt == "xml":
                line = ("    " if sec else "  ") + f"<{k}>{sv(v, lambda x: x)}</{k}>"
            elif fmt == "hocon":
                line = ("  " if sec else "") + f'{k} = {sv(v, lambda x: json.dumps(x))}'
            elif fmt == "hcl":
                line = ("  " if sec else "") + f'{k} = {sv(v, lambda x: json.dumps(x))}'
            elif fmt == "conf":
                line = f"{k} {sv(v, lambda x: x)}"
            f.add(line, mk(spec, form, v))
        if fmt in ("hocon", "hcl") and sec:
            f.add("}")
        elif fmt == "xml" and sec:
            f.add(f"  </{sec}>")
        if fmt in ("ini", "toml", "env", "properties", "hcl", "hocon", "conf"):
            f.add("")
    return f


# ----------------------------------------------------------------------------
# well-known public values (negatives).  Only values I am sure of.
BINANCE_DOC_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
BINANCE_DOC_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
AWS_DOC_KEY, AWS_DOC_SECRET = "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
HARDHAT_PK0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
HARDHAT_ADDR0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
HARDHAT_MNEMONIC = "test test test test test test test test test test test junk"
BIP39_TV = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"
JWT_IO = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
          ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")
STRIPE_DOC_TEST = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"
USDT_ETH = "0xdAC17F958D2ee523a2206206994597C13D831ec7"
WETH_ETH = "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2"
UNIV2_ROUTER = "0x7a250d5630B4cF539739dF2C5dAcb4c659F2488D"
USDC_SOL = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"
SOL_SYSTEM = "11111111111111111111111111111111"
PNG_1PX = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="

PLACEHOLDERS = ["your_api_key_here", "<API_KEY>", "xxx", "changeme", "YOUR_SECRET_KEY", "REPLACE_ME",
                "your-api-key-here", "your_exchange_key", "your_exchange_secret", "<your-secret>", "TODO",
                "XXXXXXXXXXXXXXXXXXXXXXXX", "paste-your-key", "insert_secret_here", "********", "none"]


class G:
    """generation context"""
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.v = V(self.r)

    def ph(self):
        return self.r.choice(PLACEHOLDERS)

    def bcrypt(self):
        return "$2b$12$" + self.v.chars(string.ascii_letters + string.digits + "./", 53)

    def sha256(self): return self.v.hexl(64)
    def gitsha(self): return self.v.hexl(40)
    def integrity(self): return "sha512-" + self.v.b64(64)
    def order_id(self): return str(self.r.randint(10**17, 10**19))
    def ver(self): return f"{self.r.randint(0, 4)}.{self.r.randint(0, 30)}.{self.r.randint(0, 20)}"

    def azure_secret(self):
        return self.v.alnum(3) + str(self.r.randint(0, 9)) + "Q~" + self.v.chars(string.ascii_letters + string.digits + "_.~-", 34)

    def ssh_pub(self):
        return "ssh-ed25519 " + base64.b64encode(b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + self.v.bytes(32)).decode() + " trader@vps"


# ----------------------------------------------------------------------------
# special file writers
def envf(repo, path, rows):
    """rows: ('#', text) | (key, value, spec[, style]) style in plain|dq|sq|export|export-dq"""
    f = repo.file(path)
    for row in rows:
        if row[0] == "#":
            f.add("# " + row[1] if row[1] else "")
            continue
        if len(row) == 5:  # commented-out old value
            k, v, spec, style, _ = row
            f.add(f"# {k}={v}", mk(spec, "comment", v))
            continue
        k, v, spec = row[:3]
        style = row[3] if len(row) > 3 else repo.rng.choices(["plain", "dq", "sq", "export"], [6, 2, 1, 1])[0]
        val = {"plain": v, "dq": f'"{v}"', "sq": f"'{v}'", "export": v, "export-dq": f'"{v}"'}[style]
        pre = "export " if style.startswith("export") else ""
        f.add(f"{pre}{k}={val}", mk(spec, "env-assign", v))
    return f


def userinfo_url(scheme, user, pw, host, port, db):
    return f"{scheme}://{user}:{urllib.parse.quote(pw, safe='')}@{host}:{port}/{db}"


def url_lab(prov, cred, pw, form="url-userinfo"):
    enc = urllib.parse.quote(pw, safe="")
    return P(prov, cred, form, pw, needles=[enc], extra=[enc])


def b64_lab(prov, cred, raw, form):
    enc = base64.b64encode(raw.encode()).decode()
    return P(prov, cred, form, raw, needles=[enc], extra=[enc]), enc


def pem_block_lines(f, prefix, label, body, spec_prov, spec_cred, form="pem-block", ind=""):
    """write a multi-line PEM; label on the BEGIN line covering the block"""
    lines = pem_lines(label, body)
    start = f.add(ind + prefix + lines[0], P(spec_prov, spec_cred, form, body, needles=[lines[0]], span=len(lines), extra=[body[:40]]))
    for x in lines[1:]:
        f.add(ind + x)
    return start


def pem_escaped(label, body):
    return "\\n".join(pem_lines(label, body)) + "\\n"


def pem_lab(prov, cred, label, body, form):
    return P(prov, cred, form, body, needles=[f"-----BEGIN {label}-----", body[:40]], extra=[body[:40]])


def notebook(repo, path, cells):
    """cells: list of (source_rows, output_rows); rows are (text, lab|None). Returns F with correct line labels."""
    f = repo.file(path)
    f.add("{")
    f.add(' "cells": [')
    for ci, (src, outs) in enumerate(cells):
        f.add("  {")
        f.add('   "cell_type": "code",')
        f.add(f'   "execution_count": {ci + 1},')
        f.add('   "metadata": {},')
        if outs:
            f.add('   "outputs": [')
            f.add("    {")
            f.add('     "name": "stdout",')
            f.add('     "output_type": "stream",')
            f.add('     "text": [')
            for i, (t, lab) in enumerate(outs):
                f.add("      " + json.dumps(t + "\n") + ("," if i < len(outs) - 1 else ""), lab)
            f.add("     ]")
            f.add("    }")
            f.add("   ],")
        else:
            f.add('   "outputs": [],')
        f.add('   "source": [')
        for i, (t, lab) in enumerate(src):
            f.add("    " + json.dumps(t + ("\n" if i < len(src) - 1 else "")) + ("," if i < len(src) - 1 else ""), lab)
        f.add("   ]")
        f.add("  }" + ("," if ci < len(cells) - 1 else ""))
    f.add(" ],")
    f.add(' "metadata": {')
    f.add('  "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},')
    f.add('  "language_info": {"name": "python", "version": "3.11.4"}')
    f.add(" },")
    f.add(' "nbformat": 4,')
    f.add(' "nbformat_minor": 5')
    f.add("}")
    return f


def L_(lab, form):
    """copy a label with another form"""
    if lab is None:
        return None
    d = dict(lab)
    d["form"] = form
    d["needles"] = list(lab["needles"])
    d["secrets"] = list(lab["secrets"])
    return d


def pp(prov, cred): return ("P", prov, cred)
def nn(prov, cred, trap): return ("N", prov, cred, trap)


# ----------------------------------------------------------------------------
# repositories
def r_binance_grid(g, R):
    v, r = g.v, g.r
    b = creds(v, "binance")
    old = creds(v, "binance")["api_key"]
    tg = v.telegram()
    jwt = v.hexl(64)
    ws = v.b64url(22)
    dash_pw = v.password()
    chat = str(r.randint(10**8, 10**9))
    code(R, "bot.py", "python", [
        ("const", pp("binance", "api_key"), "binance_api_key", b["api_key"]),
        ("const", pp("binance", "api_secret"), "binance_api_secret", b["api_secret"]),
        ("top", f"# {old}  <- old key, revoked? check before deleting", [P("binance", "api_key", "comment", old)]),
        ("top", 'SYMBOL = "BTCUSDT"', []),
        ("top", f'GRID_LEVELS = {r.randint(5, 40)}', []),
        ("envfb", pp("telegram", "bot_token"), "telegram_token", "TELEGRAM_TOKEN", tg),
        ("top", f'TELEGRAM_CHAT_ID = "{chat}"', [N("telegram", "chat_id", "assign", chat, "chat-id")]),
        ("pos", "client", "Client", [("@BINANCE_API_KEY", None), ("@BINANCE_API_SECRET", None)]),
        ("line", "client.API_URL = 'https://testnet.binance.vision/api'  # TODO remove for live", []),
        ("line", "while True:\n    t = client.get_symbol_ticker(symbol=SYMBOL)\n    log.info('px %s', t['price'])\n    time.sleep(5)", []),
    ])
    envf(R, ".env", [("#", "binance live"), ("BINANCE_API_KEY", b["api_key"], pp("binance", "api_key")),
                     ("BINANCE_API_SECRET", b["api_secret"], pp("binance", "api_secret")),
                     ("TELEGRAM_TOKEN", tg, pp("telegram", "bot_token"), "dq"),
                     ("TELEGRAM_CHAT_ID", chat, nn("telegram", "chat_id", "chat-id")), ("LOG_LEVEL", "INFO", None)])
    envf(R, ".env.example", [("BINANCE_API_KEY", "your_api_key_here", nn("binance", "api_key", "placeholder")),
                             ("BINANCE_API_SECRET", "your_api_secret_here", nn("binance", "api_secret", "placeholder")),
                             ("TELEGRAM_TOKEN", "<TELEGRAM_BOT_TOKEN>", nn("telegram", "bot_token", "placeholder"))])
    cfg(R, "user_data/config.json", "json", [
        (None, [("max_open_trades", 3, None), ("stake_currency", "USDT", None), ("dry_run", False, None)]),
        ("exchange", [("name", "binance", None), ("key", b["api_key"], pp("binance", "api_key")),
                      ("secret", b["api_secret"], pp("binance", "api_secret")), ("ccxt_config", Raw("{}"), None)]),
        ("telegram", [("enabled", True, None), ("token", tg, pp("telegram", "bot_token")),
                      ("chat_id", chat, nn("telegram", "chat_id", "chat-id"))]),
        ("api_server", [("enabled", True, None), ("listen_ip_address", "0.0.0.0", None), ("username", "freqtrader", None),
                        ("jwt_secret_key", jwt, pp("freqtrade", "jwt_secret")), ("ws_token", ws, pp("freqtrade", "ws_token")),
                        ("password", dash_pw, pp("freqtrade", "password"))]),
    ])
    cfg(R, "user_data/config.example.json", "json", [
        ("exchange", [("name", "binance", None), ("key", "your_exchange_key", nn("binance", "api_key", "placeholder")),
                      ("secret", "your_exchange_secret", nn("binance", "api_secret", "placeholder"))]),
        ("api_server", [("jwt_secret_key", "somethingrandom", nn("freqtrade", "jwt_secret", "placeholder")),
                        ("password", "", None)]),
    ])
    mock_k, mock_s = v.alnum(64), v.alnum(64)
    code(R, "tests/test_bot.py", "python", [
        ("top", "from unittest import mock\nimport pytest\n", []),
        ("top", f'FAKE_KEY = "{mock_k}"  # mock, not a real key', [N("binance", "api_key", "assign", mock_k, "mock")]),
        ("top", f'FAKE_SECRET = "{mock_s}"  # dummy', [N("binance", "api_secret", "assign", mock_s, "mock")]),
        ("top", f'DOC_SECRET = "{BINANCE_DOC_SECRET}"  # example from the Binance API docs (signature test)',
         [N("binance", "api_secret", "assign", BINANCE_DOC_SECRET, "doc-example")]),
        ("top", 'DOC_SIG = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"  # expected HMAC for the docs query',
         [N("binance", "signature", "assign", "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71", "hmac-signature")]),
        ("line", "with mock.patch('bot.Client') as c:\n    c.return_value.get_symbol_ticker.return_value = {'price': '1'}", []),
    ])
    f = R.file("README.md")
    f.extend(["# binance grid bot", "", "Simple grid bot. Put your keys in `.env`:", "", "```bash",
              ("BINANCE_API_KEY=<API_KEY>", N("binance", "api_key", "markdown-code", "<API_KEY>", "placeholder")),
              ("BINANCE_API_SECRET=<API_SECRET>", N("binance", "api_secret", "markdown-code", "<API_SECRET>", "placeholder")),
              "```", "", "Signature check from the official docs:", "", "```",
              (f"X-MBX-APIKEY: {BINANCE_DOC_KEY}", N("binance", "api_key", "markdown-code", BINANCE_DOC_KEY, "doc-example")),
              "```", "", f"Tested with python-binance {g.ver()} and TA-Lib.", ""])
    f = R.file("requirements.txt")
    f.extend([f"python-binance=={g.ver()}", f"pandas=={g.ver()}", f"python-telegram-bot=={g.ver()}"])


def r_ccxt_arb(g, R):
    v, r = g.v, g.r
    ku, okx = creds(v, "kucoin"), creds(v, "okx")
    code(R, "src/arb.js", "javascript", [
        ("kw", "kucoin", "ccxt.kucoin", [("apiKey", ku["api_key"], pp("kucoin", "api_key")),
                                         ("secret", ku["api_secret"], pp("kucoin", "api_secret")),
                                         ("password", ku["passphrase"], pp("kucoin", "passphrase"))]),
        ("line", "const okx = new ccxt.okx({\n  apiKey: process.env.OKX_API_KEY,\n  secret: process.env.OKX_SECRET,\n  password: process.env.OKX_PASSPHRASE,\n});",
         [N("okx", "api_key", "env-ref", "process.env.OKX_API_KEY", "env-ref", at=1)]),
        ("line", f"const USDT = '{USDT_ETH}'; // ERC20 contract, for withdrawals", [N("evm", "contract_address", "assign", USDT_ETH, "token-contract")]),
        ("line", f"// last filled: orderId {(oid0 := g.order_id())}", [N("kucoin", "order_id", "comment", oid0, "order-id")]),
        ("line", "const [a, b] = await Promise.all([kucoin.fetchTicker('BTC/USDT'), okx.fetchTicker('BTC/USDT')]);", []),
    ])
    envf(R, ".env", [("OKX_API_KEY", okx["api_key"], pp("okx", "api_key")), ("OKX_SECRET", okx["api_secret"], pp("okx", "api_secret")),
                     ("OKX_PASSPHRASE", okx["passphrase"], pp("okx", "passphrase"), "sq")])
    f = R.file("docker-compose.yml")
    f.extend(["version: '3.8'", "services:", "  arb:", "    build: .", "    restart: unless-stopped", "    environment:",
              (f"      - OKX_API_KEY={okx['api_key']}", P("okx", "api_key", "compose-env", okx["api_key"])),
              (f"      - OKX_SECRET={okx['api_secret']}", P("okx", "api_secret", "compose-env", okx["api_secret"])),
              (f"      - OKX_PASSPHRASE={okx['passphrase']}", P("okx", "passphrase", "compose-env", okx["passphrase"])),  # keylint:allow
              ("      - KUCOIN_API_KEY=${KUCOIN_API_KEY}", N("kucoin", "api_key", "compose-env", "${KUCOIN_API_KEY}", "env-ref")),
              "  redis:", "    image: redis:7-alpine", ""])
    mpw, jwt = v.password(), v.b64url(48)
    code(R, "src/db.js", "javascript", [
        ("line", "const { MongoClient } = require('mongodb');", []),
        ("const", pp("mongodb", "password"), "mongo_uri",
         f"mongodb+srv://arbbot:{urllib.parse.quote(mpw, safe='')}@cluster0.x7k2p.mongodb.net/trades?retryWrites=true&w=majority"),
        ("envfb", pp("jwt", "signing_secret"), "jwt_secret", "JWT_SECRET", jwt),
        ("line", "const client = new MongoClient(MONGO_URI);\nawait client.connect();", []),
    ])
    f = R.files[-1]
    for ln, labs in f.labs.items():
        for l in labs:
            if l["provider"] == "mongodb":
                enc = urllib.parse.quote(mpw, safe="")
                l.update(value=mpw, needles=[enc], form="url-userinfo", secrets=[enc])
    f = R.file("package-lock.json")
    f.extend(["{", '  "name": "ccxt-arb",', '  "lockfileVersion": 3,', '  "packages": {'])
    for i, (pkg, ver) in enumerate([("ccxt", g.ver()), ("axios", g.ver()), ("dotenv", g.ver())]):
        integ = g.integrity()
        f.extend([f'    "node_modules/{pkg}": {{', f'      "version": "{ver}",',
                  f'      "resolved": "https://registry.npmjs.org/{pkg}/-/{pkg}-{ver}.tgz",',
                  (f'      "integrity": "{integ}"', N("npm", "integrity", "json-key", integ, "lockfile-integrity")),
                  "    }" + ("," if i < 2 else "")])
    f.extend(["  }", "}"])
    f = R.file("logs/arb-2024-05-01.log")
    for i in range(3):
        oid = g.order_id()
        rid = v.uuid()
        f.add(f"2024-05-01T10:0{i}:12Z INFO  okx order placed ordId={oid} reqId={rid}",
              N("okx", "order_id", "log-line", oid, "order-id"))
    f.add(f"2024-05-01T10:04:00Z DEBUG kucoin auth key={mask(ku['api_key'])}", N("kucoin", "api_key", "log-line", mask(ku["api_key"]), "masked"))
    f.add(f"2024-05-01T10:04:01Z DEBUG ccxt headers KC-API-KEY={ku['api_key']} KC-API-PASSPHRASE={ku['passphrase']}",
          P("kucoin", "api_key", "log-line", ku["api_key"], extra=[ku["passphrase"]]))
    f.add(f"2024-05-01T10:04:02Z WARN  request_id={(u := v.uuid())} retrying in 2s", N("generic", "request_id", "log-line", u, "uuid-request-id"))


def r_bybit_mm(g, R):
    v, r = g.v, g.r
    by = creds(v, "bybit")
    by_old = creds(v, "bybit")
    code(R, "src/index.ts", "typescript", [
        ("line", 'import { RestClientV5 } from "bybit-api";', []),
        ("kw", "client", "RestClientV5", [("key", by["api_key"], pp("bybit", "api_key")), ("secret", by["api_secret"], pp("bybit", "api_secret"))]),
        ("comment", f"testnet creds: {by_old['api_key']} / {by_old['api_secret']}", pp("bybit", "api_key"), by_old["api_key"]),
        ("line", "const spread = 0.0008;\nconst book = await client.getOrderbook({ category: \"linear\", symbol: \"BTCUSDT\" });", []),
    ])
    R.files[-1].labs[max(R.files[-1].labs)][0]["secrets"].append(by_old["api_secret"])
    cfg(R, "config.toml", "toml", [
        ("bybit", [("api_key", by["api_key"], pp("bybit", "api_key")), ("api_secret", by["api_secret"], pp("bybit", "api_secret")), ("testnet", False, None)]),
        ("risk", [("max_position", 0.5, None), ("spread_bps", 8, None)]),
        ("bybit_testnet", [("api_key", "xxx", nn("bybit", "api_key", "placeholder")), ("api_secret", "xxx", nn("bybit", "api_secret", "placeholder"))]),
    ], head=["# market maker config", ""])
    f = R.file("k8s/secret.yaml")
    f.extend(["apiVersion: v1", "kind: Secret", "metadata:", "  name: bybit-creds", "type: Opaque", "data:"])
    lab, enc = b64_lab("bybit", "api_key", by["api_key"], "k8s-secret-b64")
    f.add(f"  BYBIT_API_KEY: {enc}", lab)
    lab, enc = b64_lab("bybit", "api_secret", by["api_secret"], "k8s-secret-b64")
    f.add(f"  BYBIT_API_SECRET: {enc}", lab)
    f = R.file("k8s/deployment.yaml")
    rpw = v.password()
    f.extend(["apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: bybit-mm", "spec:", "  template:", "    spec:",
              "      containers:", "        - name: mm", f"          image: ghcr.io/someone/bybit-mm:{g.ver()}", "          env:",
              "            - name: BYBIT_API_KEY", "              valueFrom:", "                secretKeyRef:",
              ("                  name: bybit-creds", N("bybit", "api_key", "k8s-env", "bybit-creds", "secret-ref")),
              "                  key: BYBIT_API_KEY", "            - name: REDIS_URL",
              (f"              value: {userinfo_url('redis', 'default', rpw, 'redis-master', 6379, '0')}", url_lab("redis", "password", rpw)),
              ])
    dg = "sha256:" + g.sha256()
    f.add(f"          # pinned digest {dg}", N("docker", "image_digest", "comment", dg, "sha256"))


def r_kraken_go(g, R):
    v, r = g.v, g.r
    kr = creds(v, "kraken")
    code(R, "main.go", "go", [
        ("kw", "cfg", "KrakenConfig", [("api_key", kr["api_key"], pp("kraken", "api_key")), ("api_secret", kr["api_secret"], pp("kraken", "api_secret")),
                                       ("pair", "XXBTZUSD", None)]),
        ("line", "api := krakenapi.New(cfg.APIKey, cfg.APISecret)\nbal, err := api.Balance()\nif err != nil {\n\tlog.Fatal(err)\n}\nlog.Println(bal)", []),
    ])
    f = R.file("kraken.key")
    f.add(kr["api_key"], P("kraken", "api_key", "keyfile-line", kr["api_key"]))
    f.add(kr["api_secret"], P("kraken", "api_secret", "keyfile-line", kr["api_secret"]))
    cfg(R, "config.yaml", "yaml", [
        ("kraken", [("key", kr["api_key"], pp("kraken", "api_key")), ("secret", kr["api_secret"], pp("kraken", "api_secret"))]),
        ("strategy", [("name", "dca", None), ("amount_usd", 50, None)]),
    ])
    f = R.file("deploy/krakenbot.service")
    f.extend(["[Unit]", "Description=Kraken DCA bot", "After=network-online.target", "", "[Service]",
              (f'Environment="KRAKEN_API_KEY={kr["api_key"]}"', P("kraken", "api_key", "systemd-env", kr["api_key"])),
              (f'Environment="KRAKEN_API_SECRET={kr["api_secret"]}"', P("kraken", "api_secret", "systemd-env", kr["api_secret"])),
              "ExecStart=/opt/krakenbot/krakenbot", "Restart=always", "", "[Install]", "WantedBy=multi-user.target"])
    f = R.file("go.sum")
    for m in ["github.com/beldur/kraken-go-api-client", "github.com/shopspring/decimal"]:
        h = "h1:" + v.b64(32)
        f.add(f"{m} v{g.ver()} {h}", N("go", "module_hash", "lockfile", h, "lockfile-integrity"))
    f = R.file("README.md")
    f.extend(["# kraken dca", "", "Create `kraken.key` with two lines (key, then private key). Example from the Kraken docs:", "",
              "```", ("API-Sign private key: kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==",
                      N("kraken", "api_secret", "markdown-code", "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==", "doc-example")),
              "```", ""])


def r_hl_rust(g, R):
    v, r = g.v, g.r
    pk = v.evm_pk()
    addr = v.evm_addr()
    vault = v.evm_addr()
    code(R, "src/main.rs", "rust", [
        ("const", pp("hyperliquid", "private_key"), "hl_private_key", pk),
        ("top", f'const ACCOUNT: &str = "{addr}";', [N("evm", "address", "assign", addr, "evm-address")]),
        ("top", f'const VAULT: &str = "{vault}"; // public vault address', [N("evm", "address", "assign", vault, "evm-address")]),
        ("line", "let wallet: LocalWallet = HL_PRIVATE_KEY.parse()?;\nlet exchange = ExchangeClient::new(None, wallet, Some(BaseUrl::Mainnet), None, None).await?;", []),
    ])
    agent = v.evm_pk(prefix=False)
    cfg(R, "config.json", "json", [(None, [("comments", "agent wallet, approve at app.hyperliquid.xyz/API", None),
                                           ("secret_key", agent, pp("hyperliquid", "private_key")),
                                           ("account_address", addr, nn("evm", "address", "evm-address"))])])
    envf(R, ".env", [("HL_PRIVATE_KEY", pk, pp("hyperliquid", "private_key")), ("HL_ACCOUNT", addr, nn("evm", "address", "evm-address")),
                     ("RUST_LOG", "info", None)])
    f = R.file("Cargo.lock")
    f.extend(["# This file is automatically @generated by Cargo.", "version = 3", ""])
    for crate in ["ethers-core", "hyperliquid_rust_sdk", "tokio"]:
        ck = g.sha256()
        f.extend(["[[package]]", f'name = "{crate}"', f'version = "{g.ver()}"',
                  'source = "registry+https://github.com/rust-lang/crates.io-index"',
                  (f'checksum = "{ck}"', N("cargo", "checksum", "toml-key", ck, "lockfile-integrity")), ""])
    f = R.file("logs/fills.log")
    for _ in range(3):
        tx = v.hash32()
        f.add(f"fill coin=ETH px={r.randint(1500, 4000)}.{r.randint(0, 9)} sz=0.{r.randint(1, 99)} hash={tx}", N("evm", "tx_hash", "log-line", tx, "tx-hash"))


def r_alpaca_java(g, R):
    v, r = g.v, g.r
    al = creds(v, "alpaca")
    pg = creds(v, "polygon")
    dbpw = v.password()
    code(R, "src/main/java/com/example/bot/TradingBot.java", "java", [
        ("const", pp("alpaca", "api_key"), "alpaca_key_id", al["api_key"]),
        ("const", pp("alpaca", "api_secret"), "alpaca_secret_key", al["api_secret"]),
        ("kw", "polygon", "PolygonRestClient", [("apiKey", pg["api_key"], pp("polygon", "api_key")), ("timeoutSeconds", "30", None)]),
        ("line", 'HttpRequest req = HttpRequest.newBuilder(URI.create("https://paper-api.alpaca.markets/v2/account"))\n'
                 '        .header("APCA-API-KEY-ID", ALPACA_KEY_ID)\n        .header("APCA-API-SECRET-KEY", ALPACA_SECRET_KEY)\n        .build();', []),
    ])
    cfg(R, "src/main/resources/application.properties", "properties", [
        (None, [("alpaca.key-id", al["api_key"], pp("alpaca", "api_key")), ("alpaca.secret-key", al["api_secret"], pp("alpaca", "api_secret")),
                ("alpaca.base-url", "https://paper-api.alpaca.markets", None)]),
        ("db", [("spring.datasource.url", "jdbc:postgresql://db.internal:5432/trades", None), ("spring.datasource.username", "bot", None),
                ("spring.datasource.password", dbpw, pp("postgres", "password"))]),
    ])
    cfg(R, "src/main/resources/application-test.properties", "properties", [
        (None, [("alpaca.key-id", "PKTEST00000000000000", nn("alpaca", "api_key", "placeholder")),
                ("alpaca.secret-key", "${ALPACA_SECRET}", nn("alpaca", "api_secret", "env-ref"))])])
    f = R.file("src/main/resources/credentials.xml")
    f.extend(['<?xml version="1.0" encoding="UTF-8"?>', "<credentials>", '  <broker name="alpaca">',
              (f"    <keyId>{al['api_key']}</keyId>", P("alpaca", "api_key", "xml-element", al["api_key"])),
              (f"    <secretKey>{al['api_secret']}</secretKey>", P("alpaca", "api_secret", "xml-element", al["api_secret"])),
              "  </broker>", (f'  <marketData provider="polygon" apiKey="{pg["api_key"]}"/>', P("polygon", "api_key", "xml-attr", pg["api_key"])), "</credentials>"])
    f = R.file("pom.xml")
    f.extend(["<project>", "  <modelVersion>4.0.0</modelVersion>", "  <groupId>com.example</groupId>", "  <artifactId>bot</artifactId>",
              (f"  <version>{(vv := g.ver())}-SNAPSHOT</version>", N("generic", "version", "xml-element", vv, "version")), "</project>"])


def r_okx_kotlin(g, R):
    v, r = g.v, g.r
    ok = creds(v, "okx")
    cmc = creds(v, "cmc")
    code(R, "src/main/kotlin/bot/Main.kt", "kotlin", [
        ("kw", "okx", "OkxClient", [("apiKey", ok["api_key"], pp("okx", "api_key")), ("secretKey", ok["api_secret"], pp("okx", "api_secret")),
                                   ("passphrase", ok["passphrase"], pp("okx", "passphrase")), ("simulated", "0", None)]),
        ("envfb", pp("coinmarketcap", "api_key"), "cmc_key", "CMC_API_KEY", cmc["api_key"]),
        ("line", f'val traceId = "{(u := v.uuid())}" // x-request-id for support ticket', [N("generic", "request_id", "assign", u, "uuid-request-id")]),
        ("line", 'val ticker = okx.getTicker("BTC-USDT-SWAP")\nprintln("last=${ticker.last}")', []),
    ])
    cfg(R, "gradle.properties", "properties", [(None, [("org.gradle.jvmargs", "-Xmx2g", None), ("okxApiKey", ok["api_key"], pp("okx", "api_key")),
                                                        ("okxSecretKey", ok["api_secret"], pp("okx", "api_secret")), ("okxPassphrase", ok["passphrase"], pp("okx", "passphrase"))])])
    cfg(R, "src/main/resources/application.yml", "yaml", [
        ("okx", [("api-key", ok["api_key"], pp("okx", "api_key")), ("secret-key", ok["api_secret"], pp("okx", "api_secret")),
                 ("passphrase", ok["passphrase"], pp("okx", "passphrase")), ("base-url", "https://www.okx.com", None)]),
        ("cmc", [("api-key", "${CMC_API_KEY}", nn("coinmarketcap", "api_key", "env-ref"))]),
    ])


def r_bitget_cs(g, R):
    v, r = g.v, g.r
    bg = creds(v, "bitget")
    sg = v.sendgrid()
    code(R, "src/Program.cs", "csharp", [
        ("kw", "creds", "BitgetApiCredentials", [("api_key", bg["api_key"], pp("bitget", "api_key")), ("api_secret", bg["api_secret"], pp("bitget", "api_secret")),
                                                 ("pass_phrase", bg["passphrase"], pp("bitget", "passphrase"))]),
        ("envfb", pp("sendgrid", "api_key"), "sendgrid_key", "SENDGRID_API_KEY", sg),
        ("line", "var client = new BitgetRestClient(o => o.ApiCredentials = creds);\nvar bal = await client.SpotApi.Account.GetBalancesAsync();", []),
    ])
    f = R.file("src/appsettings.json")
    f.extend(["{", '  "Logging": { "LogLevel": { "Default": "Information" } },', '  "Bitget": {',
              (f'    "ApiKey": "{bg["api_key"]}",', P("bitget", "api_key", "json-key", bg["api_key"])),
              (f'    "ApiSecret": "{bg["api_secret"]}",', P("bitget", "api_secret", "json-key", bg["api_secret"])),
              (f'    "Passphrase": "{bg["passphrase"]}"', P("bitget", "passphrase", "json-key", bg["passphrase"])),  # keylint:allow
              "  },", '  "ConnectionStrings": {'])
    pw = v.password()
    f.add(f'    "Default": "Server=sql.internal;Database=bot;User Id=sa;Password={pw};TrustServerCertificate=True"',
          P("mssql", "password", "connection-string", pw))  # keylint:allow
    f.extend(["  }", "}"])
    cfg(R, "src/appsettings.Development.json", "json", [("Bitget", [("ApiKey", "", None), ("ApiSecret", "<set in user-secrets>", nn("bitget", "api_secret", "placeholder")),
                                                                     ("Passphrase", "changeme", nn("bitget", "passphrase", "placeholder"))])])


def r_gateio_php(g, R):
    v, r = g.v, g.r
    gt = creds(v, "gateio")
    mysql_pw = v.password()
    code(R, "bot.php", "php", [
        ("kw", "gate", "\\ccxt\\gateio", [("apiKey", gt["api_key"], pp("gateio", "api_key")), ("secret", gt["api_secret"], pp("gateio", "api_secret"))]),
        ("line", f"$pdo = new PDO('mysql:host=127.0.0.1;dbname=bot', 'bot', '{mysql_pw}');", [P("mysql", "password", "ctor-positional", mysql_pw)]),
        ("line", "$ticker = $gate->fetch_ticker('ETH/USDT');\necho $ticker['last'], PHP_EOL;", []),
        ("map", "telegram", [("token", (tgp := v.telegram()), pp("telegram", "bot_token")), ("chat_id", "-100" + str(r.randint(10**9, 10**10)), None)]),
        ("line", f"// wallet for withdrawals: {(wa := v.evm_addr())}", [N("evm", "address", "comment", wa, "evm-address")]),
    ])
    cfg(R, "config.ini", "ini", [
        ("gateio", [("api_key", gt["api_key"], pp("gateio", "api_key")), ("api_secret", gt["api_secret"], pp("gateio", "api_secret"))]),
        ("database", [("host", "127.0.0.1", None), ("user", "bot", None), ("password", mysql_pw, pp("mysql", "password"))]),
    ], head=["; gate.io bot config", ""])
    f = R.file("composer.lock")
    ch = g.v.hexl(32)
    f.extend(["{", ('    "content-hash": "' + ch + '",', N("composer", "content_hash", "json-key", ch, "lockfile-integrity")), '    "packages": [', "        {", '            "name": "ccxt/ccxt",'])
    sha = g.gitsha()
    f.extend([f'            "version": "{g.ver()}",', '            "source": {', '                "type": "git",',
              (f'                "reference": "{sha}"', N("git", "commit", "json-key", sha, "git-sha")), "            }", "        }", "    ]", "}"])


def r_coinbase_ruby(g, R):
    v, r = g.v, g.r
    cx = creds(v, "coinbase-exchange")
    cdp = creds(v, "coinbase")
    code(R, "bot.rb", "ruby", [
        ("top", "require 'coinbase/exchange'\n", []),
        ("kw", "rest", "Coinbase::Exchange::Client", [("api_key", cx["api_key"], pp("coinbase", "api_key")),
                                                      ("api_secret", cx["api_secret"], pp("coinbase", "api_secret")),
                                                      ("api_pass", cx["passphrase"], pp("coinbase", "passphrase"))]),
        ("line", "bot = GridBot.new(rest, product: 'BTC-USD')", []),
    ])
    cfg(R, "config/secrets.yml", "yaml", [
        ("production", [("coinbase_key", cx["api_key"], pp("coinbase", "api_key")), ("coinbase_secret", cx["api_secret"], pp("coinbase", "api_secret")),
                        ("coinbase_passphrase", cx["passphrase"], pp("coinbase", "passphrase")),
                        ("secret_key_base", (skb := v.hexl(128)), pp("rails", "secret_key_base"))]),
        ("development", [("coinbase_key", "<%= ENV['COINBASE_KEY'] %>", nn("coinbase", "api_key", "env-ref"))]),
    ])
    lab, body = cdp["api_secret"]
    f = R.file("cdp_api_key.json")
    f.add("{")
    f.add(f'   "name": "{cdp["api_key"]}",', P("coinbase", "api_key", "json-key", cdp["api_key"]))
    f.add(f'   "privateKey": "{pem_escaped(lab, body)}"', pem_lab("coinbase", "api_secret", lab, body, "json-key"))
    f.add("}")
    f = R.file("lib/coinbase_advanced.rb")
    f.extend(["module CoinbaseAdvanced", "  KEY_NAME = '" + cdp["api_key"] + "'"])
    f.labs[2] = [P("coinbase", "api_key", "assign", cdp["api_key"])]
    f.add("  PRIVATE_KEY = <<~PEM")
    pem_block_lines(f, "", lab, body, "coinbase", "api_secret", form="heredoc", ind="    ")
    f.extend(["  PEM", "end"])


def r_kucoin_elixir(g, R):
    v, r = g.v, g.r
    ku = creds(v, "kucoin")
    pgpw = v.password()
    f = R.file("config/runtime.exs")
    f.extend(["import Config", "", "config :bot, :kucoin,",
              (f'  api_key: System.get_env("KUCOIN_API_KEY", "{ku["api_key"]}"),', P("kucoin", "api_key", "env-fallback", ku["api_key"])),
              (f'  api_secret: System.get_env("KUCOIN_API_SECRET", "{ku["api_secret"]}"),', P("kucoin", "api_secret", "env-fallback", ku["api_secret"])),
              (f'  api_passphrase: "{ku["passphrase"]}"', P("kucoin", "passphrase", "keyword-list", ku["passphrase"])), "",  # keylint:allow
              "config :bot, Bot.Repo,",
              (f'  url: "{userinfo_url("ecto", "postgres", pgpw, "localhost", 5432, "bot_prod")}",', url_lab("postgres", "password", pgpw)),
              "  pool_size: 10", ""])
    code(R, "lib/bot/trader.ex", "elixir", [
        ("const", pp("kucoin", "api_key"), "kucoin_key", ku["api_key"]),
        ("line", 'secret = Application.fetch_env!(:bot, :kucoin)[:api_secret]', []),
        ("line", f'creds = %Bot.Creds{{key: @kucoin_key, passphrase: "{ku["passphrase"]}"}}', [P("kucoin", "passphrase", "struct-literal", ku["passphrase"])]),  # keylint:allow
        ("line", f'Logger.info("order #{{id}} done, ref {(u := v.uuid())}")', [N("generic", "request_id", "log-call", u, "uuid-request-id")]),
    ])


def r_bitmex_cpp(g, R):
    v, r = g.v, g.r
    bm = creds(v, "bitmex")
    code(R, "src/main.cpp", "cpp", [
        ("const", pp("bitmex", "api_key"), "bitmex_key", bm["api_key"]),
        ("const", pp("bitmex", "api_secret"), "bitmex_secret", bm["api_secret"]),
        ("pos", "client", "BitmexClient", [("@BITMEX_KEY", None), ("@BITMEX_SECRET", None), ("https://www.bitmex.com", None)]),
        ("line", '// auth headers: api-key, api-expires, api-signature (HMAC-SHA256)', []),
        ("line", f'std::string sig_example = "{(sg := v.hexl(64))}"; // signature of GET /api/v1/instrument from the unit test', [N("bitmex", "signature", "assign", sg, "hmac-signature")]),
    ])
    cfg(R, "config/bot.conf", "conf", [
        ("exchange", [("exchange", "bitmex", None), ("api_key", bm["api_key"], pp("bitmex", "api_key")), ("api_secret", bm["api_secret"], pp("bitmex", "api_secret"))]),
        ("risk", [("max_leverage", 5, None)]),
    ], head=["# bitmexd configuration", ""])
    f = R.file("CMakeLists.txt")
    f.extend(["cmake_minimum_required(VERSION 3.20)", "project(bitmexd CXX)", "set(CMAKE_CXX_STANDARD 20)", "add_executable(bitmexd src/main.cpp)"])


def r_gemini_swift(g, R):
    v, r = g.v, g.r
    gm = creds(v, "gemini")
    code(R, "Sources/GeminiBot/main.swift", "swift", [
        ("kw", "client", "GeminiClient", [("apiKey", gm["api_key"], pp("gemini", "api_key")), ("apiSecret", gm["api_secret"], pp("gemini", "api_secret"))]),
        ("line", 'var req = URLRequest(url: URL(string: "https://api.gemini.com/v1/balances")!)\nreq.setValue(client.apiKey, forHTTPHeaderField: "X-GEMINI-APIKEY")', []),
    ])
    f = R.file("Sources/GeminiBot/Config.plist")
    f.extend(['<?xml version="1.0" encoding="UTF-8"?>', '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
              '<plist version="1.0">', "<dict>", "  <key>GeminiAPIKey</key>",
              (f"  <string>{gm['api_key']}</string>", P("gemini", "api_key", "plist-string", gm["api_key"])),
              "  <key>GeminiAPISecret</key>",
              (f"  <string>{gm['api_secret']}</string>", P("gemini", "api_secret", "plist-string", gm["api_secret"])),
              "  <key>AppIcon</key>",
              (f"  <data>{PNG_1PX}</data>", N("generic", "image", "plist-string", PNG_1PX, "base64-image")),
              "</dict>", "</plist>"])
    f = R.file("Package.swift")
    f.extend(["// swift-tools-version:5.9", "import PackageDescription", "", 'let package = Package(name: "GeminiBot", targets: [.executableTarget(name: "GeminiBot")])'])


def r_bitvavo_dart(g, R):
    v, r = g.v, g.r
    bv = creds(v, "bitvavo")
    code(R, "lib/main.dart", "dart", [
        ("kw", "bitvavo", "Bitvavo", [("apiKey", bv["api_key"], pp("bitvavo", "api_key")), ("apiSecret", bv["api_secret"], pp("bitvavo", "api_secret"))]),
        ("envref", nn("bitvavo", "api_key", "env-ref"), "backup_key", "BITVAVO_BACKUP_KEY"),
        ("line", "final book = await bitvavo.book('BTC-EUR', depth: 10);\nprint(book.bids.first);", []),
    ])
    cfg(R, "assets/config.json", "json", [("bitvavo", [("apiKey", bv["api_key"], pp("bitvavo", "api_key")), ("apiSecret", bv["api_secret"], pp("bitvavo", "api_secret")),
                                                       ("restUrl", "https://api.bitvavo.com/v2", None)])])
    f = R.file("pubspec.yaml")
    f.extend(["name: bitvavo_bot", f"version: {g.ver()}+1", "environment:", "  sdk: '>=3.0.0 <4.0.0'", "dependencies:", "  http: ^1.1.0"])


def r_deribit_scala(g, R):
    v, r = g.v, g.r
    dr = creds(v, "deribit")
    code(R, "src/main/scala/bot/Main.scala", "scala", [
        ("const", pp("deribit", "client_id"), "client_id", dr["api_key"]),
        ("const", pp("deribit", "client_secret"), "client_secret", dr["api_secret"]),
        ("line", 'val auth = s"/api/v2/public/auth?client_id=$clientId&client_secret=$clientSecret&grant_type=client_credentials"', []),
    ])
    f = R.file("src/main/resources/application.conf")
    f.extend(["deribit {", '  url = "wss://www.deribit.com/ws/api/v2"',
              (f'  client-id = "{dr["api_key"]}"', P("deribit", "client_id", "hocon-key", dr["api_key"])),  # keylint:allow
              (f'  client-secret = "{dr["api_secret"]}"', P("deribit", "client_secret", "hocon-key", dr["api_secret"])),
              ('  client-secret = ${?DERIBIT_CLIENT_SECRET}', N("deribit", "client_secret", "hocon-key", "${?DERIBIT_CLIENT_SECRET}", "env-ref")),
              "}"])
    f = R.file("logs/auth.log")
    tok = v.b64url(40)
    f.add(f"12:00:01 public/auth ok, access_token={mask(tok)} expires_in=900", N("deribit", "access_token", "log-line", mask(tok), "masked"))
    f.add(f"12:00:02 GET /api/v2/public/auth?client_id={dr['api_key']}&client_secret={dr['api_secret']}&grant_type=client_credentials",
          P("deribit", "client_secret", "url-query", dr["api_secret"], extra=[dr["api_key"]]))


def r_mexc_lua(g, R):
    v, r = g.v, g.r
    mx = creds(v, "mexc")
    code(R, "bot.lua", "lua", [
        ("kw", "mexc", "Mexc", [("api_key", mx["api_key"], pp("mexc", "api_key")), ("secret_key", mx["api_secret"], pp("mexc", "api_secret"))]),
        ("line", 'local headers = { ["X-MEXC-APIKEY"] = mexc.api_key, ["Content-Type"] = "application/json" }', []),
        ("line", f'local SIG_TEST = "{(sg := v.hexl(64))}" -- expected HMAC for the doc example query', [N("mexc", "signature", "assign", sg, "hmac-signature")]),
        ("map", "cfg_backup", [("apiKey", (mb := creds(v, "mexc"))["api_key"], pp("mexc", "api_key")), ("secretKey", mb["api_secret"], pp("mexc", "api_secret")),
                               ("recvWindow", "5000", None)]),
        ("line", "local M = {}", []),
    ])
    envf(R, ".env", [("MEXC_API_KEY", mx["api_key"], pp("mexc", "api_key"), "export"), ("MEXC_SECRET_KEY", mx["api_secret"], pp("mexc", "api_secret"), "export")])


def r_quant_r(g, R):
    v, r = g.v, g.r
    pg, fh = creds(v, "polygon"), creds(v, "finnhub")
    code(R, "analysis.R", "r", [
        ("const", pp("polygon", "api_key"), "polygon_key", pg["api_key"]),
        ("envfb", pp("finnhub", "api_key"), "finnhub_token", "FINNHUB_API_KEY", fh["api_key"]),
        ("line", f'res <- GET(paste0("https://api.polygon.io/v2/aggs/ticker/AAPL/range/1/day/2023-01-01/2023-12-31?apiKey=", polygon_key))', []),
        ("line", f'quote <- fromJSON(content(GET("https://finnhub.io/api/v1/quote?symbol=AAPL&token={fh["api_key"]}"), "text"))',
         [P("finnhub", "api_key", "url-query", fh["api_key"])]),
        ("line", "ret <- diff(log(prices$close))\nsummary(ret)", []),
    ])
    envf(R, ".Renviron", [("POLYGON_API_KEY", pg["api_key"], pp("polygon", "api_key")), ("FINNHUB_API_KEY", fh["api_key"], pp("finnhub", "api_key"))])
    f = R.file("data/checksums.txt")
    for n in ["aapl_2023.csv", "spy_2023.csv"]:
        h = g.sha256()
        f.add(f"{h}  {n}", N("generic", "file_hash", "checksum-line", h, "sha256"))


def r_bitfinex_perl(g, R):
    v, r = g.v, g.r
    bf = creds(v, "bitfinex")
    code(R, "bot.pl", "perl", [
        ("const", pp("bitfinex", "api_key"), "bfx_key", bf["api_key"]),
        ("envfb", pp("bitfinex", "api_secret"), "bfx_secret", "BFX_API_SECRET", bf["api_secret"]),
        ("line", 'my $nonce = time() * 1000;\nmy $sig = hmac_sha384_hex("/api/v2/auth/r/wallets$nonce", $bfx_secret);', []),
        ("line", "# my $bfx_key = 'abcd****wxyz';  # masked in the ticket", [N("bitfinex", "api_key", "comment", "abcd****wxyz", "masked")]),
    ])
    cfg(R, "bot.conf", "ini", [("bitfinex", [("key", bf["api_key"], pp("bitfinex", "api_key")), ("secret", bf["api_secret"], pp("bitfinex", "api_secret"))])])


def r_htx_pwsh(g, R):
    v, r = g.v, g.r
    hx = creds(v, "htx")
    az = g.azure_secret()
    sa_key = v.b64(64)
    code(R, "deploy.ps1", "powershell", [
        ("kw", "Htx", "", [("access_key", hx["api_key"], pp("htx", "api_key")), ("secret_key", hx["api_secret"], pp("htx", "api_secret"))]),
        ("const", pp("azure", "client_secret"), "az_client_secret", az),
        ("line", f'$ConnStr = "DefaultEndpointsProtocol=https;AccountName=botlogs;AccountKey={sa_key};EndpointSuffix=core.windows.net"',
         [P("azure", "storage_key", "connection-string", sa_key)]),
        ("line", f"$TenantId = \"{(u := v.uuid())}\"", [N("azure", "tenant_id", "assign", u, "uuid-id")]),
        ("line", "Connect-AzAccount -ServicePrincipal -Tenant $TenantId -Credential (New-Object PSCredential($AppId, (ConvertTo-SecureString $AzClientSecret -AsPlainText -Force)))", []),
        ("line", '& .\\htx-bot.exe --access-key $Htx.AccessKey --secret-key $Htx.SecretKey', []),
    ])


def r_ops_shell(g, R):
    v, r = g.v, g.r
    up, ph = creds(v, "upbit"), creds(v, "phemex")
    pgpw = v.password()
    fpk = v.evm_pk()
    code(R, "scripts/run_bot.sh", "shell", [
        ("const", pp("upbit", "access_key"), "upbit_access_key", up["api_key"]),
        ("envfb", pp("upbit", "secret_key"), "upbit_secret_key", "UPBIT_SECRET_KEY", up["api_secret"]),
        ("kw", "", "python3 -m bot.phemex", [("api_key", ph["api_key"], pp("phemex", "api_key")), ("api_secret", ph["api_secret"], pp("phemex", "api_secret")),
                                             ("symbol", "BTCUSD", None)]),
        ("envref", nn("binance", "api_key", "env-ref"), "binance_api_key", "BINANCE_API_KEY"),
    ])
    f = R.file("scripts/backup_db.sh")
    f.extend(["#!/bin/sh", (f"PGPASSWORD='{pgpw}' pg_dump -h db.internal -U trader trades > /backups/trades-$(date +%F).sql",
                            P("postgres", "password", "cli-env", pgpw)), "gzip /backups/*.sql"])
    f = R.file(".bash_history")
    f.extend(["cd ~/bot", "git pull", (f"export UPBIT_ACCESS_KEY={up['api_key']}", P("upbit", "access_key", "shell-history", up["api_key"])),
              "python3 -m bot.upbit --dry-run",
              (f"curl -s -H 'x-phemex-access-token: {ph['api_key']}' https://api.phemex.com/accounts/accountPositions?currency=BTC",
               P("phemex", "api_key", "curl-header", ph["api_key"])),
              (f"forge script script/Deploy.s.sol --rpc-url $RPC --private-key {fpk} --broadcast", P("evm", "private_key", "cli-flag", fpk)),
              (f"echo {(ghb := v.github())} | docker login ghcr.io -u trader --password-stdin", P("github", "token", "cli-pipe", ghb)),
              (f"mysql -h 127.0.0.1 -u root -p'{(myp := v.password())}' trades -e 'select count(*) from fills'", P("mysql", "password", "cli-flag", myp)),
              "htop", "sudo systemctl restart bot", "history | grep KEY"])
    f = R.file("crontab")
    f.extend(["# m h dom mon dow command",
              (f"*/5 * * * * UPBIT_SECRET_KEY={up['api_secret']} /usr/bin/python3 /home/bot/bot/run.py >> /var/log/bot.log 2>&1",
               P("upbit", "secret_key", "cron-env", up["api_secret"])),
              "0 3 * * * /home/bot/scripts/backup_db.sh"])
    f = R.file("Dockerfile")
    f.extend([f"FROM python:3.11-slim@sha256:{(d := g.sha256())}", "WORKDIR /app", "COPY . .", "RUN pip install -r requirements.txt",
              (f"ENV PHEMEX_API_SECRET={ph['api_secret']}", P("phemex", "api_secret", "dockerfile-env", ph["api_secret"])),
              ("ARG UPBIT_ACCESS_KEY=changeme", N("upbit", "access_key", "dockerfile-arg", "changeme", "placeholder")),
              'CMD ["python3", "-m", "bot"]'])
    f.labs[1] = [N("docker", "image_digest", "dockerfile-from", d, "sha256")]
    f = R.file("Makefile")
    f.extend([".PHONY: deploy", "deploy:", (f"\tforge script script/Deploy.s.sol --private-key {HARDHAT_PK0} --rpc-url http://127.0.0.1:8545 --broadcast",
                                           N("evm", "private_key", "cli-flag", HARDHAT_PK0, "known-public")),
              "deploy-mainnet:", "\tforge script script/Deploy.s.sol --private-key $(PRIVATE_KEY) --rpc-url $(RPC_URL) --broadcast"])
    f.labs[len(f.lines)] = [N("evm", "private_key", "cli-flag", "$(PRIVATE_KEY)", "env-ref")]


def r_sol_sniper(g, R):
    v, r = g.v, g.r
    kp = v.sol_keypair()
    kp_b58 = b58enc(kp)
    helius = v.uuid()
    kp2 = v.sol_b58()
    code(R, "src/sniper.ts", "typescript", [
        ("line", 'import { Connection, Keypair, PublicKey } from "@solana/web3.js";\nimport bs58 from "bs58";', []),
        ("line", f'const payer = Keypair.fromSecretKey(bs58.decode("{kp_b58}"));', [P("solana", "private_key", "ctor-positional", kp_b58)]),
        ("line", f'const conn = new Connection("https://mainnet.helius-rpc.com/?api-key={helius}", "confirmed");', [P("helius", "api_key", "url-query", helius)]),
        ("line", f'const USDC = new PublicKey("{USDC_SOL}");', [N("solana", "mint_address", "ctor-positional", USDC_SOL, "token-contract")]),
        ("line", f'const SYSTEM = new PublicKey("{SOL_SYSTEM}");', []),
        ("line", f'const target = new PublicKey("{(ta := v.sol_addr())}"); // pool to watch', [N("solana", "address", "ctor-positional", ta, "solana-address")]),
    ])
    f = R.file("keys/id.json")
    arr = "[" + ",".join(str(b) for b in kp) + "]"
    f.add(arr, P("solana", "private_key", "json-array", arr))
    envf(R, ".env", [("SOLANA_PRIVATE_KEY", kp2, pp("solana", "private_key")), ("RPC_URL", f"https://mainnet.helius-rpc.com/?api-key={helius}", P("helius", "api_key", "url-query", helius)),
                     ("WALLET_PUBKEY", (pub := b58enc(ed25519_pub(v.bytes(32)))), nn("solana", "address", "solana-address"))])
    f = R.file("logs/sniper.log")
    for _ in range(3):
        sig = v.sol_sig()
        f.add(f"[{r.randint(10, 23)}:{r.randint(10, 59)}:{r.randint(10, 59)}] swap confirmed sig={sig} slot={r.randint(2 * 10**8, 3 * 10**8)}",
              N("solana", "tx_signature", "log-line", sig, "solana-tx-signature"))
    f.add(f"https://solscan.io/tx/{(sig := v.sol_sig())}", N("solana", "tx_signature", "url-path", sig, "solana-tx-signature"))


def r_evm_mev(g, R):
    v, r = g.v, g.r
    pk, pk2 = v.evm_pk(), v.evm_pk(prefix=False)
    es, alc = creds(v, "etherscan"), creds(v, "alchemy")
    mn = v.mnemonic(12)
    mn24 = v.mnemonic(24)
    inf = creds(v, "infura")
    f = R.file("hardhat.config.js")
    f.extend(['require("@nomicfoundation/hardhat-toolbox");', 'require("dotenv").config();', "", "module.exports = {", '  solidity: "0.8.24",', "  networks: {",
              "    hardhat: {", "      forking: {",
              (f'        url: "https://eth-mainnet.g.alchemy.com/v2/{alc["api_key"]}",', P("alchemy", "api_key", "url-path", alc["api_key"])),
              "      },", "    },", "    mainnet: {",
              (f'      url: "https://mainnet.infura.io/v3/{inf["api_key"]}",', P("infura", "api_key", "url-path", inf["api_key"])),
              (f'      accounts: ["{pk}"],', P("evm", "private_key", "array-literal", pk)), "    },", "    localhost: {",
              (f'      accounts: ["{HARDHAT_PK0}"], // hardhat account #0', N("evm", "private_key", "array-literal", HARDHAT_PK0, "known-public")),
              "    },", "    sepolia: {", '      url: process.env.SEPOLIA_RPC || "",',
              ("      accounts: process.env.PRIVATE_KEY ? [process.env.PRIVATE_KEY] : [],", N("evm", "private_key", "env-ref", "process.env.PRIVATE_KEY", "env-ref")),
              "    },", "  },",
              (f'  etherscan: {{ apiKey: "{es["api_key"]}" }},', P("etherscan", "api_key", "object-literal", es["api_key"])), "};"])
    envf(R, ".env", [("PRIVATE_KEY", pk2, pp("evm", "private_key")), ("MNEMONIC", mn, pp("bip39", "mnemonic"), "dq"),
                     ("ETHERSCAN_API_KEY", es["api_key"], pp("etherscan", "api_key")), ("ROUTER", UNIV2_ROUTER, nn("evm", "contract_address", "token-contract"))])
    code(R, "scripts/arb.js", "javascript", [
        ("line", 'const { ethers } = require("ethers");', []),
        ("line", f'const wallet = ethers.Wallet.fromPhrase("{mn24}");', [P("bip39", "mnemonic", "ctor-positional", mn24)]),
        ("line", f"const WETH = '{WETH_ETH}';", [N("evm", "contract_address", "assign", WETH_ETH, "token-contract")]),
        ("line", f"const lastTx = '{(tx := v.hash32())}'; // sandwich victim", [N("evm", "tx_hash", "assign", tx, "tx-hash")]),
        ("line", f"const blockHash = '{(bh := v.hash32())}';", [N("evm", "block_hash", "assign", bh, "tx-hash")]),
        ("line", f"const tokenId = {(tid := str(r.randint(10**5, 10**9)))}n; // NFT collateral", [N("evm", "token_id", "assign", tid, "token-id")]),
        ("line", f"const SLOT = '{(sl := v.hash32())}'; // storage slot of reserves", [N("evm", "storage_slot", "assign", sl, "hash")]),
    ])
    code(R, "test/arb.test.js", "javascript", [
        ("line", 'const { expect } = require("chai");', []),
        ("line", f'const MNEMONIC = "{HARDHAT_MNEMONIC}"; // hardhat default', [N("bip39", "mnemonic", "assign", HARDHAT_MNEMONIC, "known-public")]),
        ("line", f'const TEST_VECTOR = "{BIP39_TV}"; // BIP-39 test vector', [N("bip39", "mnemonic", "assign", BIP39_TV, "test-vector")]),
        ("line", f'const OWNER = "{HARDHAT_ADDR0}";', [N("evm", "address", "assign", HARDHAT_ADDR0, "evm-address")]),
        ("line", f'const fakeKey = "0x{"1" * 64}"; // mock signer', [N("evm", "private_key", "assign", "0x" + "1" * 64, "mock")]),
    ])
    f = R.file("package.json")
    f.extend(["{", '  "name": "mev-arb",', (f'  "version": "{(vv := g.ver())}",', N("generic", "version", "json-key", vv, "version")), '  "scripts": { "test": "hardhat test" }', "}"])


def r_infra(g, R):
    v, r = g.v, g.r
    ak, sk = v.aws()
    dbpw = v.password()
    bn = creds(v, "binance")
    tg = v.telegram()
    sshpw = v.password()
    f = R.file("infra/main.tf")
    f.extend(['provider "aws" {', '  region     = "eu-central-1"', (f'  access_key = "{ak}"', P("aws", "access_key_id", "hcl-attr", ak)),
              (f'  secret_key = "{sk}"', P("aws", "secret_access_key", "hcl-attr", sk)), "}", "",
              'resource "aws_db_instance" "trades" {', '  engine         = "postgres"', '  instance_class = "db.t3.micro"', '  username       = "bot"',
              ("  password       = var.db_password", None), "}", "", 'variable "db_password" {', "  type      = string", "  sensitive = true", "}", "",
              'provider "aws" {', '  alias      = "docs"', (f'  access_key = "{AWS_DOC_KEY}"', N("aws", "access_key_id", "hcl-attr", AWS_DOC_KEY, "doc-example")),
              (f'  secret_key = "{AWS_DOC_SECRET}"', N("aws", "secret_access_key", "hcl-attr", AWS_DOC_SECRET, "doc-example")), "}"])
    cfg(R, "infra/terraform.tfvars", "hcl", [(None, [("db_password", dbpw, pp("postgres", "password")), ("instance_count", 1, None)])])
    cfg(R, "ansible/group_vars/all.yml", "yaml", [(None, [("bot_user", "trader", None), ("binance_api_key", bn["api_key"], pp("binance", "api_key")),
                                                           ("binance_api_secret", bn["api_secret"], pp("binance", "api_secret")),
                                                           ("telegram_token", tg, pp("telegram", "bot_token")),
                                                           ("db_password", "{{ vault_db_password }}", nn("postgres", "password", "template-ref"))])], head=["---"])
    f = R.file("ansible/host_vars/vps1.yml")
    def sshstr(b): return len(b).to_bytes(4, "big") + b
    pub = sshstr(b"ssh-ed25519") + sshstr(v.bytes(32))
    chk = v.bytes(4)
    priv = chk + chk + sshstr(b"ssh-ed25519") + sshstr(v.bytes(32)) + sshstr(v.bytes(64)) + sshstr(b"deploy@ci") + bytes([1, 2, 3, 4, 5])
    blob = b"openssh-key-v1\0" + sshstr(b"none") + sshstr(b"none") + sshstr(b"") + (1).to_bytes(4, "big") + sshstr(pub) + sshstr(priv)
    body = base64.b64encode(blob).decode()
    f.extend(["---", "ansible_user: deploy", "deploy_key: |"])
    ls = pem_lines("OPENSSH PRIVATE KEY", body)
    ls = [ls[0]] + [body[i:i + 70] for i in range(0, len(body), 70)] + [ls[-1]]
    f.add("  " + ls[0], P("ssh", "private_key", "yaml-block", body, needles=[ls[0]], span=len(ls), extra=[body[:40]]))
    for x in ls[1:]:
        f.add("  " + x)
    f.add("bot_dir: /opt/bot")
    f = R.file("ansible/inventory.ini")
    f.extend(["[bots]", (f"vps1 ansible_host=203.0.113.10 ansible_user=root ansible_ssh_pass={sshpw}", P("ssh", "password", "ini-inline", sshpw))])
    f = R.file(".github/workflows/deploy.yml")
    f.extend(["name: deploy", "on:", "  push:", "    branches: [main]", "jobs:", "  deploy:", "    runs-on: ubuntu-latest", "    env:",
              ("      BINANCE_API_KEY: ${{ secrets.BINANCE_API_KEY }}", N("binance", "api_key", "gha-env", "${{ secrets.BINANCE_API_KEY }}", "ci-secret-ref")),
              (f"      BINANCE_API_SECRET: {bn['api_secret']}", P("binance", "api_secret", "gha-env", bn["api_secret"])),
              (f"      AWS_ACCESS_KEY_ID: {ak}", P("aws", "access_key_id", "gha-env", ak)),
              ("      AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}", N("aws", "secret_access_key", "gha-env", "${{ secrets.AWS_SECRET_ACCESS_KEY }}", "ci-secret-ref")),
              "    steps:", f"      - uses: actions/checkout@{(gs := g.gitsha())}", "      - run: ./deploy.sh"])
    f.labs[len(f.lines) - 1] = [N("git", "commit", "yaml-key", gs, "git-sha")]
    f = R.file("k8s/bot-secret.yaml")
    f.extend(["apiVersion: v1", "kind: Secret", "metadata:", "  name: bot", "type: Opaque", "stringData:",
              (f"  TELEGRAM_TOKEN: \"{tg}\"", P("telegram", "bot_token", "k8s-stringdata", tg)),
              (f"  DATABASE_URL: {userinfo_url('postgresql', 'bot', dbpw, 'trades.abcdefgh.eu-central-1.rds.amazonaws.com', 5432, 'trades')}",
               url_lab("postgres", "password", dbpw))])


def r_research(g, R):
    v, r = g.v, g.r
    bn, kite = creds(v, "binance"), creds(v, "kite")
    inf = creds(v, "infura")
    oa = v.openai()
    cells = [
        ([("import ccxt, pandas as pd", None), (f"ex = ccxt.binance({{'apiKey': '{bn['api_key']}',", P("binance", "api_key", "notebook-source", bn["api_key"])),
          (f"                   'secret': '{bn['api_secret']}'}})", P("binance", "api_secret", "notebook-source", bn["api_secret"])),
          ("print('key', ex.apiKey)", None)],
         [(f"key {bn['api_key']}", P("binance", "api_key", "notebook-output", bn["api_key"]))]),
        ([("from kiteconnect import KiteConnect", None), (f"kite = KiteConnect(api_key='{kite['api_key']}')", P("kite", "api_key", "notebook-source", kite["api_key"])),
          (f"data = kite.generate_session(request_token, api_secret='{kite['api_secret']}')", P("kite", "api_secret", "notebook-source", kite["api_secret"])),
          ("print(data['access_token'][:4] + '****')", None)],
         [("abcd****", N("kite", "access_token", "notebook-output", "abcd****", "masked"))]),
        ([(f"w3 = Web3(Web3.HTTPProvider('https://mainnet.infura.io/v3/{inf['api_key']}'))", P("infura", "api_key", "notebook-source", inf["api_key"])),
          (f"bal = w3.eth.get_balance('{(a := v.evm_addr())}')", N("evm", "address", "notebook-source", a, "evm-address")), ("bal / 1e18", None)],
         [(f"tx {(tx := v.hash32())} status=1", N("evm", "tx_hash", "notebook-output", tx, "tx-hash"))]),
        ([("import openai", None), (f"openai.api_key = \"{oa}\"", P("openai", "api_key", "notebook-source", oa)), ("summary = ask('summarise the backtest')", None)], []),
    ]
    notebook(R, "notebooks/backtest.ipynb", cells)
    f = R.file("exports/fills.csv")
    f.add("time,symbol,side,qty,price,order_id,client_order_id,tx_hash")
    for i in range(4):
        oid = g.order_id()
        f.add(f"2024-0{r.randint(1, 9)}-1{i}T09:3{i}:00Z,BTCUSDT,{r.choice(['BUY', 'SELL'])},0.0{r.randint(1, 9)},{r.randint(30000, 70000)}.{r.randint(10, 99)},{oid},{v.uuid()},{v.hash32()}",
              N("binance", "order_id", "csv-field", oid, "order-id"))
    f = R.file("exports/api_keys_backup.csv")
    f.add("exchange,label,api_key,api_secret,passphrase,created")
    for prov in ["bybit", "okx", "gateio"]:
        c = creds(v, prov)
        f.add(f"{prov},main,{c['api_key']},{c['api_secret']},{c.get('passphrase', '')},2024-02-0{r.randint(1, 9)}",
              P(prov, "api_key", "csv-field", c["api_key"], extra=[c["api_secret"]] + ([c["passphrase"]] if "passphrase" in c else [])))
    f = R.file("db/dump.sql")
    f.extend(["-- PostgreSQL database dump", "SET client_encoding = 'UTF8';", "",
              "CREATE TABLE users (id serial, email text, password_hash text);"])
    for i in range(2):
        bc = g.bcrypt()
        f.add(f"INSERT INTO users VALUES ({i + 1}, 'user{i}@example.com', '{bc}');", N("generic", "password_hash", "sql-insert", bc, "bcrypt"))
    f.add("CREATE TABLE exchange_keys (id serial, exchange text, api_key text, api_secret text);")
    ku = creds(v, "kucoin")
    bn2 = creds(v, "binance")
    f.add(f"INSERT INTO exchange_keys VALUES (1, 'kucoin', '{ku['api_key']}', '{ku['api_secret']}');",
          P("kucoin", "api_key", "sql-insert", ku["api_key"], extra=[ku["api_secret"]]))
    f.add("COPY exchange_keys (id, exchange, api_key, api_secret) FROM stdin;")
    f.add(f"2\tbinance\t{bn2['api_key']}\t{bn2['api_secret']}", P("binance", "api_key", "sql-copy", bn2["api_key"], extra=[bn2["api_secret"]]))
    f.add("\\.")
    mk_ = mask(v.uuid())
    f.add(f"INSERT INTO exchange_keys VALUES (3, 'okx', '{mk_}', '********');", N("okx", "api_key", "sql-insert", mk_, "masked"))


def r_api_debug(g, R):
    v, r = g.v, g.r
    bn, cb = creds(v, "binance"), creds(v, "coinbase-exchange")
    tr, oa = creds(v, "tradier"), creds(v, "oanda")
    acct = f"{r.randint(100, 999)}-{r.randint(100, 999)}-{r.randint(10**7, 10**8 - 1)}-{r.randint(100, 999)}"
    f = R.file("traces/binance.http")
    sig = v.hexl(64)
    f.extend(["### account info", f"GET https://api.binance.com/api/v3/account?timestamp={r.randint(1.6e12, 1.8e12)}&signature={sig}",
              (f"X-MBX-APIKEY: {bn['api_key']}", P("binance", "api_key", "http-header", bn["api_key"])), "", "### tradier positions",
              "GET https://api.tradier.com/v1/accounts/VA000000/positions",
              (f"Authorization: Bearer {tr['token']}", P("tradier", "access_token", "http-header", tr["token"])), "Accept: application/json", "",
              "### oanda", f"GET https://api-fxpractice.oanda.com/v3/accounts/{acct}/summary",
              (f"Authorization: Bearer {oa['token']}", P("oanda", "access_token", "http-header", oa["token"]))])
    f.labs[2] = [N("binance", "signature", "url-query", sig, "hmac-signature")]
    f.labs[11] = [N("oanda", "account_id", "url-path", acct, "account-id")]
    f = R.file("traces/session.har")
    ts = r.randint(1.6e12, 1.8e12)
    f.extend(["{", '  "log": {', '    "version": "1.2",', '    "creator": {"name": "Firefox", "version": "124.0"},', '    "entries": [', "      {",
              '        "request": {', '          "method": "GET",', '          "url": "https://api.exchange.coinbase.com/accounts",', '          "headers": [',
              (f'            {{"name": "CB-ACCESS-KEY", "value": "{cb["api_key"]}"}},', P("coinbase", "api_key", "har-header", cb["api_key"])),
              (f'            {{"name": "CB-ACCESS-SIGN", "value": "{(s64 := v.b64(32))}"}},', N("coinbase", "signature", "har-header", s64, "hmac-signature")),
              (f'            {{"name": "CB-ACCESS-TIMESTAMP", "value": "{ts}"}},', None),
              (f'            {{"name": "CB-ACCESS-PASSPHRASE", "value": "{cb["passphrase"]}"}}', P("coinbase", "passphrase", "har-header", cb["passphrase"])),  # keylint:allow
              "          ]", "        },", '        "response": {', '          "status": 200,', '          "content": {', '            "mimeType": "image/png",',
              (f'            "text": "{PNG_1PX}",', N("generic", "image", "har-content", PNG_1PX, "base64-image")), '            "encoding": "base64"',
              "          }", "        }", "      }", "    ]", "  }", "}"])
    bn2 = creds(v, "bybit")
    f = R.file("postman/Trading.postman_collection.json")
    pid = v.uuid()
    f.extend(["{", '  "info": {', ('    "_postman_id": "' + pid + '",', N("postman", "collection_id", "json-key", pid, "uuid-id")), '    "name": "Trading",',
              '    "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"', "  },", '  "variable": [',
              (f'    {{"key": "bybit_api_key", "value": "{bn2["api_key"]}", "type": "string"}},', P("bybit", "api_key", "postman-variable", bn2["api_key"])),
              (f'    {{"key": "bybit_api_secret", "value": "{bn2["api_secret"]}", "type": "string"}},', P("bybit", "api_secret", "postman-variable", bn2["api_secret"])),
              ('    {"key": "okx_api_key", "value": "{{OKX_API_KEY}}", "type": "string"}', N("okx", "api_key", "postman-variable", "{{OKX_API_KEY}}", "template-ref")),
              "  ],", '  "item": []', "}"])
    raw = f"{bn['api_key']}:{bn['api_secret']}"
    f = R.file("logs/curl.log")
    lab, enc = b64_lab("binance", "api_key", raw, "basic-auth-b64")
    f.extend(["> GET /sapi/v1/capital/config/getall HTTP/2", "> Host: api.binance.com", ("> Authorization: Basic " + enc, lab),
              ("> User-Agent: curl/8.5.0", None), "< HTTP/2 200", (f"< x-mbx-uuid: {(u := v.uuid())}", N("binance", "request_id", "http-header", u, "uuid-request-id"))])
    f = R.file("docs/AUTH.md")
    f.extend(["# Auth notes", "", "OANDA tokens look like `<32 hex>-<32 hex>`; accounts like:", "",
              (f"    account: {acct}", N("oanda", "account_id", "markdown-code", acct, "account-id")), "",
              "jwt.io sample token for the dashboard:", "", (f"    {JWT_IO}", N("jwt", "token", "markdown-code", JWT_IO, "doc-example")), "",
              "Stripe docs test key (safe):", (f"`{STRIPE_DOC_TEST}`", N("stripe", "secret_key", "markdown-inline", STRIPE_DOC_TEST, "doc-example")), ""])


def r_alerts(g, R):
    v, r = g.v, g.r
    dw, sw, sb = v.discord_webhook(), v.slack_webhook(), v.slack_bot()
    dt, tg = v.discord(), v.telegram()
    smtp_pw = v.password()
    gh = v.github()
    oa, an = v.openai(), v.anthropic()
    code(R, "alerts/notify.py", "python", [
        ("top", "import requests\nfrom discord_webhook import DiscordWebhook\n", []),
        ("top", f'DISCORD_WEBHOOK = "{dw}"', [P("discord", "webhook_url", "assign", dw)]),
        ("top", f'SLACK_WEBHOOK = "{sw}"', [P("slack", "webhook_url", "assign", sw)]),
        ("envfb", pp("slack", "bot_token"), "slack_token", "SLACK_BOT_TOKEN", sb),
        ("line", f'requests.post("https://api.telegram.org/bot" + "{tg}" + "/sendMessage", json={{"chat_id": CHAT, "text": msg}})',
         [P("telegram", "bot_token", "concat", tg)]),
        ("line", f"server = smtplib.SMTP_SSL('smtp.gmail.com', 465)\nserver.login('alerts.trader@gmail.com', '{smtp_pw}')", [P("smtp", "password", "ctor-positional", smtp_pw, at=1)]),
    ])
    code(R, "alerts/discord_bot.py", "python", [
        ("top", "import discord\n", []),
        ("line", "client = discord.Client(intents=discord.Intents.default())", []),
        ("line", f"client.run('{dt}')", [P("discord", "bot_token", "ctor-positional", dt)]),
    ])
    code(R, "signals/llm.py", "python", [
        ("top", "from openai import OpenAI\nimport anthropic\n", []),
        ("kw", "oai", "OpenAI", [("api_key", oa, pp("openai", "api_key")), ("timeout", "30", None)]),
        ("kw", "claude", "anthropic.Anthropic", [("api_key", an, pp("anthropic", "api_key"))]),
        ("line", 'prompt = "You are a trading assistant. Key: sk-...redacted"', []),
    ])
    f = R.file("requirements.txt")
    f.extend([f"requests=={g.ver()}", (f"git+https://{gh}@github.com/someone/private-ta-lib.git@v{g.ver()}#egg=private_ta", P("github", "token", "url-userinfo", gh)),
              f"discord.py=={g.ver()}"])
    dj = v.django()
    stripe = v.stripe()
    wif = v.wif()
    wif_u = v.wif(compressed=False)
    btc = v.btc_addr()
    code(R, "dashboard/settings.py", "python", [
        ("top", f'SECRET_KEY = "{dj}"', [P("django", "secret_key", "assign", dj)]),
        ("top", "DEBUG = False", []),
        ("top", f'STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "{stripe}")', [P("stripe", "secret_key", "env-fallback", stripe)]),
        ("top", f'STRIPE_TEST_KEY = "{STRIPE_DOC_TEST}"  # from stripe docs', [N("stripe", "secret_key", "assign", STRIPE_DOC_TEST, "doc-example")]),
        ("top", f'PASSWORD_HASHERS_SAMPLE = "{(bc := g.bcrypt())}"', [N("generic", "password_hash", "assign", bc, "bcrypt")]),
        ("top", 'STATIC_VERSION = "' + g.ver() + '"', []),
    ])
    code(R, "hedge/btc_cold.py", "python", [
        ("top", f'COLD_WIF = "{wif}"  # signing key for the hedge wallet', [P("bitcoin", "wif", "assign", wif)]),
        ("top", f'LEGACY_WIF = "{wif_u}"', [P("bitcoin", "wif", "assign", wif_u)]),
        ("top", f'HEDGE_ADDRESS = "{btc}"', [N("bitcoin", "address", "assign", btc, "btc-address")]),
        ("top", f'XPUB_NOTE = "watch-only, see {(sha := g.sha256())}"', [N("generic", "hash", "assign", sha, "sha256")]),
    ])
    ib_pw = v.password()
    f = R.file("brokers/docker-compose.yml")
    f.extend(["services:", "  ib-gateway:", f"    image: ghcr.io/gnzsnz/ib-gateway:{g.ver()}", "    environment:", "      TWS_USERID: trader123",
              (f"      TWS_PASSWORD: '{ib_pw}'", P("ibkr", "password", "compose-env", ib_pw)), "      TRADING_MODE: live",
              ("      VNC_SERVER_PASSWORD: ${VNC_PW}", N("ibkr", "password", "compose-env", "${VNC_PW}", "env-ref")),
              "    ports:", '      - "127.0.0.1:4001:4003"'])
    f = R.file("docs/keys.md")
    f.extend(["# where the keys live", "", "- ssh deploy key (public, fine to share):", "", (f"      {(sp := g.ssh_pub())}", N("ssh", "public_key", "markdown-code", sp, "public-key")), "",
              "- old telegram token, revoked:", (f"      {mask(tg)}", N("telegram", "bot_token", "markdown-code", mask(tg), "masked")), ""])
    f = R.file("keys/signing_key.pem")
    lab, body = v.pem("rsa")
    pem_block_lines(f, "", lab, body, "generic", "private_key")
    f = R.file("keys/signing_key.pub.pem")
    pub = base64.b64encode(bytes.fromhex("30820122300d06092a864886f70d01010105000382010f003082010a0282010100") + v.bytes(258)).decode()
    ls = pem_lines("PUBLIC KEY", pub)
    f.add(ls[0], dict(N("generic", "public_key", "pem-block", ls[0], "public-key"), span=len(ls)))
    for x in ls[1:]:
        f.add(x)


def r_binance_ed25519(g, R):
    v, r = g.v, g.r
    bk = creds(v, "binance")["api_key"]
    lab, body = v.pem("ed25519")
    pk_pass = v.password()
    code(R, "trader/spot.py", "python", [
        ("top", "from binance.spot import Spot\n", []),
        ("top", f'API_KEY = "{bk}"', [P("binance", "api_key", "assign", bk)]),
        ("top", 'PRIVATE_KEY = """' + pem_lines(lab, body)[0], [pem_lab("binance", "private_key", lab, body, "pem-block")]),
        ("line", f'client = Spot(api_key=API_KEY, private_key=PRIVATE_KEY, private_key_pass="{pk_pass}")', [P("binance", "private_key_pass", "ctor-kwargs", pk_pass)]),
        ("line", 'print(client.account(omitZeroBalances="true"))', []),
    ])
    f = R.files[-1]
    # complete the PEM body after the BEGIN line (top items are emitted before the body)
    ls = pem_lines(lab, body)
    idx = f.lines.index('PRIVATE_KEY = """' + ls[0])
    f.lines[idx + 1:idx + 1] = ls[1:] + ['"""']
    newlabs = {}
    for ln, labs in f.labs.items():
        newlabs[ln + (len(ls) if ln > idx + 1 else 0)] = labs
    f.labs = newlabs
    for l in f.labs[idx + 1]:
        l["needles"] = [ls[0]]
        l["span"] = len(ls)
    gcp_pk_id = v.hexl(40)
    glab, gbody = v.pem("rsa8")
    f = R.file("gcp/service-account.json")
    f.extend(["{", '  "type": "service_account",', '  "project_id": "trading-bot-41822",',
              (f'  "private_key_id": "{gcp_pk_id}",', N("gcp", "private_key_id", "json-key", gcp_pk_id, "key-id")),
              (f'  "private_key": "{pem_escaped(glab, gbody)}",', pem_lab("gcp", "private_key", glab, gbody, "json-key")),
              '  "client_email": "bot-runner@trading-bot-41822.iam.gserviceaccount.com",', f'  "client_id": "{r.randint(10**20, 10**21)}",',
              '  "token_uri": "https://oauth2.googleapis.com/token"', "}"])
    envf(R, ".env", [("BINANCE_API_KEY", bk, pp("binance", "api_key")), ("BINANCE_PRIVATE_KEY_PATH", "./keys/ed25519.pem", None),
                     ("BINANCE_PRIVATE_KEY_PASS", pk_pass, pp("binance", "private_key_pass"), "sq"),
                     ("GOOGLE_APPLICATION_CREDENTIALS", "gcp/service-account.json", None)])
    f = R.file("keys/ed25519_public.pem")
    pub = base64.b64encode(bytes.fromhex("302a300506032b6570032100") + v.bytes(32)).decode()
    ls2 = pem_lines("PUBLIC KEY", pub)
    f.add(ls2[0], dict(N("binance", "public_key", "pem-block", ls2[0], "public-key"), span=len(ls2)))
    for x in ls2[1:]:
        f.add(x)


def r_hummingbot(g, R):
    v, r = g.v, g.r
    gt = creds(v, "gateio")
    ks = json.dumps({"crypto": {"cipher": "aes-128-ctr", "cipherparams": {"iv": v.hexl(32)}, "ciphertext": v.hexl(128), "kdf": "pbkdf2",
                                "kdfparams": {"c": 1000000, "dklen": 32, "prf": "hmac-sha256", "salt": v.hexl(32)}, "mac": v.hexl(64)}, "version": 3},
                    separators=(",", ":")).encode().hex()
    f = R.file("conf/connectors/gate_io.yml")
    f.extend(["connector: gate_io", (f"gate_io_api_key: {ks}", N("hummingbot", "api_key", "yaml-key", ks, "encrypted-keystore")),
              (f"gate_io_secret_key: {gt['api_secret']}", P("gateio", "api_secret", "yaml-key", gt["api_secret"]))])
    f = R.file("conf/connectors/binance.yml")
    f.extend(["connector: binance", "binance_api_key: ''", "binance_api_secret: ''"])
    f = R.file("conf/conf_client.yml")
    iid = v.hexl(40)
    f.extend([("instance_id: " + iid, N("hummingbot", "instance_id", "yaml-key", iid, "hash")), "kill_switch_mode: {}", "paper_trade:", "  paper_trade_exchanges:", "  - binance"])
    bs = creds(v, "bitstamp")
    cfg(R, "scripts/bitstamp_config.yml", "yaml", [("bitstamp", [("api_key", bs["api_key"], pp("bitstamp", "api_key")),
                                                                 ("api_secret", bs["api_secret"], pp("bitstamp", "api_secret")),
                                                                 ("uid", str(r.randint(100000, 999999)), None)])])
    cg = creds(v, "coingecko")
    code(R, "scripts/price_feed.py", "python", [
        ("top", "from pycoingecko import CoinGeckoAPI\n", []),
        ("pos", "cg", "CoinGeckoAPI", [("@demo_api_key=" + '"' + cg["api_key"] + '"', None)]),
        ("line", 'prices = cg.get_price(ids="bitcoin,ethereum", vs_currencies="usd")', []),
    ])
    f = R.files[-1]
    for i, ln in enumerate(f.lines):
        if cg["api_key"] in ln:
            f.labs[i + 1] = [P("coingecko", "api_key", "ctor-kwargs", cg["api_key"])]
    f = R.file("conf/.password_verification")
    f.add(ks[:200] + "...", N("hummingbot", "password_verification", "keyfile-line", ks[:200], "encrypted-keystore"))  # keylint:allow


def r_tutorial(g, R):
    v, r = g.v, g.r
    langs = ["python", "javascript", "go", "rust", "java", "csharp", "php", "ruby", "typescript", "kotlin"]
    exts = {"python": "py", "javascript": "js", "go": "go", "rust": "rs", "java": "java", "csharp": "cs", "php": "php", "ruby": "rb",
            "typescript": "ts", "kotlin": "kt"}
    provs = ["binance", "bybit", "okx", "kraken", "kucoin", "gateio", "bitget", "mexc", "alpaca", "coinbase"]
    for lang, prov in zip(langs, provs):
        items = [
            ("const", nn(prov, "api_key", "placeholder"), f"{prov}_api_key", g.ph()),
            ("envref", nn(prov, "api_secret", "env-ref"), f"{prov}_api_secret", f"{upper(prov)}_API_SECRET"),
            ("kw", "client", "ExchangeClient", [("api_key", "YOUR_API_KEY", nn(prov, "api_key", "placeholder")),
                                                ("api_secret", "<your-secret>", nn(prov, "api_secret", "placeholder"))]),
        ]
        if lang in ("python", "javascript", "go"):
            mk_k = v.alnum(32)
            items.append(("line", f"{LANGS[lang]['c']} masked example: {mask(mk_k)}", [N(prov, "api_key", "comment", mask(mk_k), "masked")]))
        code(R, f"examples/{prov}_quickstart.{exts[lang]}", lang, items)
    f = R.file("docs/configuration.md")
    f.extend(["# Configuration", "", "All keys are read from the environment. Never commit real keys.", "", "| variable | example |", "|---|---|",
              ("| `BINANCE_API_KEY` | `your_api_key_here` |", N("binance", "api_key", "markdown-table", "your_api_key_here", "placeholder")),
              ("| `OKX_PASSPHRASE` | `********` |", N("okx", "passphrase", "markdown-table", "********", "placeholder")),  # keylint:allow
              ("| `PRIVATE_KEY` | `0x<64 hex chars>` |", N("evm", "private_key", "markdown-table", "0x<64 hex chars>", "placeholder")), "",
              "```yaml", "exchange:", ("  key: ${EXCHANGE_KEY}", N("generic", "api_key", "markdown-code", "${EXCHANGE_KEY}", "env-ref")),
              ("  secret: ${EXCHANGE_SECRET}", N("generic", "api_secret", "markdown-code", "${EXCHANGE_SECRET}", "env-ref")), "```", "",
              "Release checksums:", ""])
    for n in ["bot-linux-amd64.tar.gz", "bot-darwin-arm64.tar.gz"]:
        h = g.sha256()
        f.add(f"    {h}  {n}", N("generic", "file_hash", "markdown-code", h, "sha256"))
    f.extend(["", f"Built from commit {(gs := g.gitsha())}.", ""])
    f.labs[len(f.lines) - 1] = [N("git", "commit", "markdown-inline", gs, "git-sha")]
    f.extend(["Example wallet (public address, for the donation button):", "", (f"    {(a := v.evm_addr())}", N("evm", "address", "markdown-code", a, "evm-address")),
              (f"    {(b := v.btc_addr())}", N("bitcoin", "address", "markdown-code", b, "btc-address")),
              (f"    {(sa := v.sol_addr())}", N("solana", "address", "markdown-code", sa, "solana-address")), ""])
    f = R.file("docs/CHANGELOG.md")
    for _ in range(3):
        vv = g.ver()
        f.add(f"## v{vv} ({2023 + r.randint(0, 2)}-0{r.randint(1, 9)}-1{r.randint(0, 9)})", N("generic", "version", "markdown-heading", vv, "version"))
        f.add(f"- fix nonce handling (#{r.randint(10, 999)})")
        f.add("")


def r_go_binance(g, R):
    v, r = g.v, g.r
    b, fut = creds(v, "binance"), creds(v, "binance")
    code(R, "cmd/bot/main.go", "go", [
        ("pos", "client", "binance.NewClient", [(b["api_key"], pp("binance", "api_key")), (b["api_secret"], pp("binance", "api_secret"))]),
        ("envfb", pp("binance", "api_key"), "futures_key", "BINANCE_FUTURES_KEY", fut["api_key"]),
        ("envfb", pp("binance", "api_secret"), "futures_secret", "BINANCE_FUTURES_SECRET", fut["api_secret"]),
        ("line", "fc := futures.NewClient(futuresKey, futuresSecret)\n_ = fc", []),
        ("line", f'orderID := int64({g.order_id()[:12]})', []),
    ])
    mk_k, mk_s = v.alnum(64), v.alnum(64)
    f = R.file("cmd/bot/main_test.go")
    f.extend(["package main", "", 'import "testing"', "", "func TestSign(t *testing.T) {",
              (f'	key := "{mk_k}" // dummy key for tests', N("binance", "api_key", "assign", mk_k, "mock")),
              (f'	secret := "{mk_s}" // dummy', N("binance", "api_secret", "assign", mk_s, "mock")),
              (f'	want := "{(sg := v.hexl(64))}"', N("binance", "signature", "assign", sg, "hmac-signature")),
              "	if got := sign(secret, \"symbol=BTCUSDT&timestamp=1\"); got != want {", "		t.Fatalf(\"got %s\", got)", "	}", "	_ = key", "}"])
    cfg(R, "config/prod.toml", "toml", [("binance", [("api_key", b["api_key"], pp("binance", "api_key")), ("api_secret", b["api_secret"], pp("binance", "api_secret"))]),
                                        ("binance.futures", [("api_key", "", None), ("api_secret", "${BINANCE_FUTURES_SECRET}", nn("binance", "api_secret", "env-ref"))])])


def r_defi_py(g, R):
    v, r = g.v, g.r
    pk = v.evm_pk()
    mn = v.mnemonic(24)
    xprv = b58check(bytes.fromhex("0488ade4") + b"\0" * 9 + v.bytes(32) + b"\0" + v.bytes(32))
    xpub = b58check(bytes.fromhex("0488b21e") + b"\0" * 9 + v.bytes(32) + bytes([r.choice([2, 3])]) + v.bytes(32))
    topic = "0x" + keccak256(b"Transfer(address,address,uint256)").hex()
    tw_sid, tw_tok = "AC" + v.hexl(32), v.hexl(32)
    cdp_id, cdp_pk = v.uuid(), v.b64(64)
    code(R, "defi/executor.py", "python", [
        ("top", "from web3 import Web3\nfrom eth_account import Account\n", []),
        ("top", f'TRANSFER_TOPIC = "{topic}"  # keccak("Transfer(address,address,uint256)")', [N("evm", "event_topic", "assign", topic, "hash")]),
        ("top", f'POOL = Web3.to_checksum_address("{(pool := v.evm_addr())}")', [N("evm", "address", "ctor-positional", pool, "evm-address")]),
        ("line", f'acct = Account.from_key("{pk}")', [P("evm", "private_key", "ctor-positional", pk)]),
        ("envfb", pp("bip39", "mnemonic"), "dydx_mnemonic", "DYDX_MNEMONIC", mn),
        ("line", f'hd_root = "{xprv}"  # BIP32 root for the hot wallet', [P("bitcoin", "xprv", "assign", xprv)]),
        ("line", f'watch_only = "{xpub}"', [N("bitcoin", "xpub", "assign", xpub, "public-key")]),
        ("line", f'cid = "x-{(co := v.alnum(30))}"  # newClientOrderId', [N("binance", "client_order_id", "assign", "x-" + co, "order-id")]),
        ("map", "ccxt_cfg", [("apiKey", (bgx := creds(v, "bitget"))["api_key"], pp("bitget", "api_key")), ("secret", bgx["api_secret"], pp("bitget", "api_secret")),
                             ("password", bgx["passphrase"], pp("bitget", "passphrase")), ("enableRateLimit", "true", None)]),
        ("kw", "sms", "TwilioClient", [("account_sid", tw_sid, nn("twilio", "account_sid", "account-id")), ("auth_token", tw_tok, pp("twilio", "auth_token"))]),
        ("line", "logs = w3.eth.get_logs({'topics': [TRANSFER_TOPIC], 'address': POOL})", []),
    ])
    f = R.file("secrets/cdp_api_key.json")
    f.extend(["{", (f'  "id": "{cdp_id}",', P("coinbase", "api_key", "json-key", cdp_id)),
              (f'  "privateKey": "{cdp_pk}"', P("coinbase", "api_secret", "json-key", cdp_pk)), "}"])
    code(R, "tests/test_sign.py", "python", [
        ("top", "import pytest\n", []),
        ("top", 'RFC8032_SK = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"  # RFC 8032 test 1 secret key',
         [N("ed25519", "private_key", "assign", "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "test-vector")]),
        ("top", f'ANVIL_KEY = "{HARDHAT_PK0}"  # anvil/hardhat account 0', [N("evm", "private_key", "assign", HARDHAT_PK0, "known-public")]),
        ("top", f'MOCK_PK = "0x{(mpk := v.hexl(64))}"  # mock signer, never funded', [N("evm", "private_key", "assign", "0x" + mpk, "mock")]),
        ("top", f'TX = "{(tx := v.hash32())}"', [N("evm", "tx_hash", "assign", tx, "tx-hash")]),
    ])
    envf(R, ".env", [("#", "dydx v4 + coinbase cdp"), ("DYDX_MNEMONIC", mn, pp("bip39", "mnemonic"), "dq"),
                     ("CDP_API_KEY_ID", cdp_id, pp("coinbase", "api_key")), ("CDP_API_KEY_SECRET", cdp_pk, pp("coinbase", "api_secret"), "dq"),
                     ("TWILIO_ACCOUNT_SID", tw_sid, nn("twilio", "account_sid", "account-id")), ("TWILIO_AUTH_TOKEN", tw_tok, pp("twilio", "auth_token")),
                     ("OLD_PRIVATE_KEY", (opk := v.evm_pk(prefix=False)), pp("evm", "private_key"), "plain", "commented")])


def r_dash_node(g, R):
    v, r = g.v, g.r
    npm = "npm_" + v.alnum(36)
    tg = v.telegram()
    bx = creds(v, "bybit")
    raw = bx["api_secret"]
    b64 = base64.b64encode(raw.encode()).decode()
    f = R.file(".npmrc")
    f.extend(["registry=https://registry.npmjs.org/", (f"//registry.npmjs.org/:_authToken={npm}", P("npm", "token", "npmrc", npm)),
              ("@acme:registry=https://npm.pkg.github.com", None), ("//npm.pkg.github.com/:_authToken=${GITHUB_TOKEN}", N("github", "token", "npmrc", "${GITHUB_TOKEN}", "env-ref"))])
    code(R, "src/telegram.js", "javascript", [
        ("line", "const axios = require('axios');", []),
        ("line", f"const url = `https://api.telegram.org/bot{tg}/sendMessage`;", [P("telegram", "bot_token", "template-literal", tg)]),
        ("line", "const hook = `https://api.telegram.org/bot${process.env.TELEGRAM_TOKEN}/setWebhook`;", [N("telegram", "bot_token", "template-literal", "${process.env.TELEGRAM_TOKEN}", "env-ref")]),
        ("line", "await axios.post(url, { chat_id: process.env.CHAT_ID, text: 'filled' });", []),
    ])
    code(R, "src/legacy.js", "javascript", [
        ("line", f"const BYBIT_KEY = '{bx['api_key']}';", [P("bybit", "api_key", "assign", bx["api_key"])]),
        ("line", f"const BYBIT_SECRET = Buffer.from('{b64}', 'base64').toString(); // obfuscated", [P("bybit", "api_secret", "base64-literal", raw, needles=[b64], extra=[b64])]),  # keylint:allow
        ("line", f"const logo = 'data:image/png;base64,{PNG_1PX}';", [N("generic", "image", "data-uri", PNG_1PX, "base64-image")]),
    ])
    f = R.file("src/auth.ts")
    f.extend(['import jwt from "jsonwebtoken";', "",
              (f'const token = jwt.sign({{ sub: "dashboard" }}, "{(js := v.alnum(40))}", {{ expiresIn: "1h" }});', P("jwt", "signing_secret", "ctor-positional", js)),
              (f'// sample token for the README: {JWT_IO}', N("jwt", "token", "comment", JWT_IO, "doc-example")),
              "export default token;"])


REPOS = [
    ("binance-grid", r_binance_grid), ("ccxt-arb", r_ccxt_arb), ("bybit-mm", r_bybit_mm), ("kraken-dca-go", r_kraken_go),
    ("hl-rust", r_hl_rust), ("alpaca-java", r_alpaca_java), ("okx-kotlin", r_okx_kotlin), ("bitget-dotnet", r_bitget_cs),
    ("gateio-php", r_gateio_php), ("coinbase-ruby", r_coinbase_ruby), ("kucoin-elixir", r_kucoin_elixir), ("bitmex-cpp", r_bitmex_cpp),
    ("gemini-swift", r_gemini_swift), ("bitvavo-dart", r_bitvavo_dart), ("deribit-scala", r_deribit_scala), ("mexc-lua", r_mexc_lua),
    ("quant-r", r_quant_r), ("bitfinex-perl", r_bitfinex_perl), ("htx-pwsh", r_htx_pwsh), ("ops-shell", r_ops_shell),
    ("sol-sniper", r_sol_sniper), ("evm-mev", r_evm_mev), ("infra", r_infra), ("research", r_research), ("api-debug", r_api_debug),
    ("alerts", r_alerts), ("binance-ed25519", r_binance_ed25519), ("hummingbot-conf", r_hummingbot), ("bot-tutorial", r_tutorial),
    ("go-binance", r_go_binance), ("defi-py", r_defi_py), ("dash-node", r_dash_node),
]


# ----------------------------------------------------------------------------
def build(outdir, seed):
    _selftest()
    g = G(seed)
    if os.path.exists(outdir):
        for x in os.listdir(outdir):
            p = os.path.join(outdir, x)
            if x == ".meta" or x == "labels.jsonl" or (os.path.isdir(p) and x[:1] == "r" and x[1:3].isdigit()):
                shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)
    os.makedirs(os.path.join(outdir, ".meta"), exist_ok=True)
    labels, meta = [], []
    secrets = {}
    for i, (name, fn) in enumerate(REPOS, 1):
        R = Repo(f"r{i:02d}-{name}")
        R.rng = g.r
        fn(g, R)
        for f in R.files:
            rel = f"{R.name}/{f.path}"
            p = os.path.join(outdir, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w", newline="\n") as fh:
                fh.write("\n".join(f.lines) + "\n")
            for ln in sorted(f.labs):
                labs = [l for l in f.labs[ln] if l]
                if not labs:
                    continue
                pos = [l for l in labs if l["label"] == "positive"]
                main = pos[0] if pos else labs[0]
                rec = {"path": rel, "line": ln, "label": main["label"], "provider": main["provider"], "cred": main["cred"],
                       "form": main["form"], "lang": f.lang}
                if main["label"] == "negative":
                    rec["trap"] = main["trap"]
                labels.append(rec)
                needles, span = [], 1
                for l in labs:
                    needles += [n for n in l["needles"] if n]
                    span = max(span, l["span"])
                    if l["label"] == "positive":
                        for s_ in [l["value"]] + l["secrets"]:
                            if isinstance(s_, str) and len(s_) >= 8:
                                secrets.setdefault(s_, l["provider"] + "/" + l["cred"])
                meta.append({"path": rel, "line": ln, "needles": needles, "span": span,
                             "values": [l["value"] for l in labs if isinstance(l.get("value"), str)]})
    with open(os.path.join(outdir, "labels.jsonl"), "w") as fh:
        for rec in labels:
            fh.write(json.dumps(rec) + "\n")
    with open(os.path.join(outdir, ".meta", "lines.jsonl"), "w") as fh:
        for rec in meta:
            fh.write(json.dumps(rec) + "\n")
    with open(os.path.join(outdir, ".meta", "secrets.json"), "w") as fh:
        json.dump({"seed": seed, "secrets": sorted(secrets)}, fh, indent=0)
    return labels


def main(argv):
    if not argv or argv[0].startswith("-"):
        print(__doc__)
        return 2
    out, seed = argv[0], 1
    if "--seed" in argv:
        seed = int(argv[argv.index("--seed") + 1])
    labels = build(out, seed)
    npos = sum(1 for x in labels if x["label"] == "positive")
    print(f"wrote {len(REPOS)} repos, {len(labels)} labels ({npos} positive, {len(labels) - npos} negative) to {out} (seed {seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
