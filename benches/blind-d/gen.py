#!/usr/bin/env python3
"""Blind synthetic secret-scanner corpus generator (trading-bot repositories).

Usage: python3 gen.py OUTDIR [--seed N]
Python 3.11 standard library only. Deterministic for a given seed.
"""
import argparse, base64, hashlib, json, os, random, re, shutil, struct, sys, textwrap, urllib.parse, zlib, uuid as _uuid

_BIP39_Z = (
    "eNotmwmWrCoQRLdSW3NApUvBz1B29ep/3OCdPhWJighJkhP0NE9pzek1zfGM7St6BkHuDfxQriFxUXOZIa1Mi697WUV6VZ1lCbVC"
    "4urKy5L7oOPxEQNN6bEg99riosJ/PRbuluyXqd8ifVlaLmAZrbY+na9pnW7VWFd+cXFxPF9/1KDIFcF+gp8pLQEaIaHkmS9u2xQL"
    "JNP1rUz0Z5+iPrkHfvR5L0HlI0x6Fq+X34jlzkXPYoU751R0/5w7uOQjq3dn4PkZg9o6uT7DF8yP8Mp08MyJl+9jEha1T4WaBS3o"
    "G+czfTWaa2qhF+hfTLtoHmh+XmKnupWm80uLaTlgVFqie5522kk7fUx7UfMpXrAuvX0rqZHFBTM05Xb4hfqYtJDSBI3/dWr9xoBA"
    "JP3uidHd+cw7V3eYCoRW77tYTO4S1WZZDsDzqyECtFl2WoRr5WIA5aLf5VJjRZ3iTqH70MDISokfX8E/vl1a2CwipUVXaE8u79dU"
    "+d2BJ7VOnvxag9H1au2XGqrtuNSPdpyh6bJldaW1aXlDAh1oLba+8uyfgPd/wthX5KrvFjLPQm9me28Z6JcqfUKxCH3yMq0Zimg9"
    "0zuAxajBPqFmuvNsXcx63nqkar+xvuZp/gqWI5xqWwV9ep5WtTlPu36nBXpG3hIVJWPzdM05iyT9QVLgTf/CSaVi2Z5hKtUrDVRN"
    "jfAtHs0aq6ZwDvosmICuOZ/DMrFwRenuHMIm0KqhvNNkODRkSBTv5nB6fYtquoRqOiS3mcIWuaqAGEvbDXEXeUKgpW+mibh8F/oS"
    "Kb8p+O6QuDkWLkpTk3G8fjJ3Qs2Y8DImD+qc+NgZJp6jIObTbZ05G6umAOoBnt1Ag72q9cyECNVC1vqcs4R6ztcs0OIVdLWX8xvg"
    "M1Ik9CYX1qoI8jqjzubcELJ5LLk5/+qn9iRa7mTxxEjmV5D6xQxFLYDhj4vIGEu0FJTIJJS4H7zuz5VYeZ6lbc9I4Q1DS05+OfP5"
    "Mta46MMjj7HP6Pi5rwywq3E12KUaT8lSj6e+388ZeAOnH6fVr4jDakyKnw/1so8rGAFfeo3JDO+VlsdE9a/x7++1TPPMIhHV4Bdb"
    "mgXtXkV8/w1IsgWX4NKigtwCXpDaA5dgot4v6DQ/ybyZPhNNpa/v3f8+cMfm9+42+bOF3+wqmmvBnsFb4xQptFooVl4WvwQxUaU2"
    "t1e7m6OKGs47dKFaC3v2621U7EzVWEhCK5OFSV6CTK3mT+MI1A8X2nsJqcIJlbvvShROyOj2gR0SalKE1+3WDutMkVzBG4aLlnGz"
    "GtWybNkNLrwbgu9LmAQe7sHqlIleEB9MNY+QA+GVAjUyZlQk+11JmJTIcvQFuyKaaLgXvR13+BtlSC46GAuLeokt/tE2DsYSP1pT"
    "y4ltFd5AidsX+gCU0EVCKXjhh1GdrIXltKET2TZQ61LozpyRlrIrMSenu3pK/MG+gg+Ndt7pyJRWvBl2ds9fngbCjCwt26FSL0ve"
    "tgCh25m5yFoUC09R1UIsgBSlpJpql2HDXxClb/kyM/J1Y0zVNLMKXbubSVuUaRTd7dCokEb7qUbUiwqtZL6ePhF1sqCBBNySMabG"
    "TcMFiUFLC/ig9L7b8ZCkj7jXPUrZMaY+d2y4SKkm1cMzw/M3y1IuKCyQ9S+yNfACkm+wQMpkPpbpOcE/NSzhpVLAdooE2giaXlQa"
    "C61E2CQFdoO4C/ICKaM7he6llJbmrfQlMq7SgzHS1dIvr+7Sk2t294MPyzGidp/1VO5Ahxv95jeU+9JLzCy0Lu4gTP3fCuuFtamG"
    "vLQkG9KfS4cHtkyrFPMqr2ynKPFZbZDX4XStkzXyCjtWL3zflMCtkueVlbwGmdsA0ahFFkyXSLhm6gZcZ8iJFInmMqrDykrBtTZp"
    "CS62UWujcTusazj9pTN+XPHCtIhEV0/RPUj2nUSpaZ9OJLjinWv0pRaMEC9AoocTtoaqKZpdCH6lxj1B3sCNYhKVhPKKeMmXGoK3"
    "aumemlVR9IcIIrVGudiSjtV9iiiKFarZW10t6js8kZysWugMJ+5W4qIJHbLGM1zy59Zon0cky/ejYIEXAepw5VUYIq3CYGVklmIV"
    "byp02HAVbrNQLBpTCydp5+OZiZ9cfPdP8r1mhygi3cp7lcpZpRaAWz6R6DWZJM9iluHkreSXDHQkd4R4xX9evbaEu6RPhNFpdbEy"
    "RB8BK2pEPKv0JXUjH5TgvcEbcENwXOtDoE9KRwukKNeOxPQhp/iyq9Xe6pmWH7q91q+0tr4XJkRaqL7J0ZcnKUyAZEMcjL6jFgQq"
    "ySwIhqMmmrK8+oDL4sUf1ANYEDZrxLDvr2AfJkR7JuGc5TKFc3VZs1fowRl2xSFQs1dUUdMofCY4Lzmn0VNc1AKaZChE8NhEpLK4"
    "GzCD4co2vOG6z8zTOxPsiGrYCk3gv4iEhmUQcHPEYNGMRpT7ymAkY4wtbZaAkHaUgAhrMKTD0hLSD+2nkxUWFGnt4lXSYEwQDex7"
    "oSK6gaU4LgpveZ3o8pY0StjCf/gYQs0qPpB+9Kb4mVSkRyRfU+2UrqhYK3TidUVAXzC4R5JjeKTP4TiFJguvoSHNfowZ1op8U8yn"
    "JCf8mg+/0m5w5dcxvcjwMlQwy39lL1dTHJvwG6wjRcsSfeOYkC7RODP/v9GNmS2/vpER6vB7o6FEgj96mx2/WoJaNqLZbd1l9MEh"
    "mgi8+AZ+eLSvbcJHFtF4BFL3X9GViyhpEUpiNzxKQeX2ZUCCN2LqKpL4LdxIDYHeiFO3adiBbaIZdI8QeRWJBLObY81NgV6BLVuY"
    "bGo2dayjyrYgiea1wE3FvAKuFI9zgxnYNEPx4zqsxM2OziYruUVMwhZHALpFrQ7h7vbhpuACmmsxuRsRjm2CYB+30XJb9DsMKOKm"
    "b9KFru5nXDd77Fv8fW2nAs3NsZSQCieDPxmiCOM4vXI3fK3tzH6KxyV0FS+t7eyK4TaHUxt8ztJbmxSlviItueFGbZkRZWdHNsIy"
    "gRrz8iLKrL4gMNkI8tEcaC/RTlvFYfMmV8Ft2YvbnEbYFGdt0qHmUvFQipYROkQFeqQwinqoQR7SI7mzPMZL2hwnCXFXN/kauoXb"
    "sfXET3Zzk5trccNJ37onfZ8cRDnY3hWp/34hdu53+rDLy5VfjNYQmf9RYigRObYQ67ld8Yt+1G7UscTt8ie4UFC3o4o0f6JR/BQp"
    "vkm8IdIRgF3cc6cOBrRH1OaOvdjjjkbfh4DsUQZn47KoPQzHrmAaQDRFilGysZ/YP+F1V2iejfKOhAzxzH5bc7kTTu8Ixp7XFcHa"
    "memdKd4dPChCktWaROstvu7MoYaLfRY3YL58gxmgF46ShQyhoOF2x8rCD26AzDufKuQRdoXJgIIXIXfz4gmQL3mD6l0he7N3hEdL"
    "mIa6h6agl/tyMcQXzfT+vV7HhPZy1KWgaxNcsigQi9uB8lLEJbf7IJrkTuFOkZAJP8gwwZfzJMf0vAV/rkKELzilmg5sKvhRM9jM"
    "Q/J4DPt4BC0P8Aq+uAVJv6KbcUV4DtUTSLsdaLtDjDxY74d0LRNz5HkGF3yPg4kQBCDilR5j/R0ELEdOrpOpc3Ot6TiyTcxhUyhp"
    "GoG0xeqQI0ex8xi1dSisOpDTo8vzBLGsIjSglalIAEpS8mAWFC2urlB8By70OpupXzIeLzzBSBJMMzS9nFYmSIy8JS+QIIeR6ydX"
    "wdSKLNpBj1e07YuaM/xlUfSHJBgLJ5J9c2QuRTvGIRJJCGzeROGLyHC/pV/DLxjtzaiAyhORrdMIYsJ6QE5S0xFX4RI50PYiAZGU"
    "Sm74vDH9BFf66X71Gi3iyQozGQAV5IILSZFTpxJuiYwXCQshNpqiDRMnGfDo8C+QPhWy4DPKn+iPDEsfC4ytJ/yWx3G6A7Vq8aqW"
    "+v1BfH5GqupnYsWI8Pv7e/1IdDGcogk8peN/wiNx+MmzflqxPzgVPxIOhAq36Icsk5BJ/SH2/unOUotEsfGHBIKT+G+5GlPJ+fVm"
    "TQtugYxjh35fb5IAb0mHfsnXiXLa5W6Lav7f4rN+C2vlzZDf5AspP/H1TjJi7xQ3EMMlfF6n9I1+GoBQvZEaxBk9yc+fpKROwj3x"
    "SnzYubpb5rr4orlq06hP4j4w4XjLbE4vMhonUaCgYkwUYLi+QohTeoBymDZA602oucEHRn+fQTpbwv0aAi7EcJ0h1vGUlMI5bqVd"
    "ukSkCvKNksGL9XPn4EihqAWFWAK5FlKdogU3ReLqFXLClBMzMWz8SQ7WCZaTxSTUFJ24I2f8DwNvP1dOOKaHmFNg9Sa3wKCKebaq"
    "lItA/+G3YgRZO/ZBJDQnGxuyI+Jlppvc6bzbMc02KnLZeVUxjB723X732R0wnz1NRi3as/+yks5vwcO92G7SarnUEWkDfVCYJMkX"
    "2z0X8aljs2v60WxfzPAl5T5xm7uJrxA+sypE9wza5xbtroeDfEnvD6IuCHe3Wcany9sfLCWO1hQrX5guATy5nDJk4ZfoBpuvityw"
    "a2qjxm+85O1c2P1LsiJJvUiLCSwBF7bvCnjnDDGstKOQaxKeREIXefhrpBdEWNI4GR6HfAVBWbiFHF9WUJfzgRd+0kUs4QfN7bZD"
    "puGS3WHEWnwWEvnRb8BycUVix4sVKRh9j8S7QiKESw7H4rdtVUhM8DEW7UXIzTQw/PgbaOHXi+DKM67cpcDnBDEBl9a6fmhJrYFI"
    "NHiN+FpkcFcOnYaQ6ZVzYld2WyUR/F65SoKlG6+RG/8XIYq4JVknS4f3By6kUBCFpKSuvm087HRKAUC8JchXrx6YXmDQcnyde1cB"
    "hqDWru4tzOtbg1wJEYv79VUv08TiSbiJabqly0S8i5AkKV+hO5dGdJHYd0vkcRMhRZJmaH497M5Ipn9BdVK4rDhCFsUPK0/8855Z"
    "Cr3BleSAI4WnCn71HPU8ZjZlRDtlIjoF9BHFmeQd+GZhrYjQ++wKbRrVm+GAy4koj0tUD2o2ddK6+t5Yv8kpR5KseXq/5FN+BbaL"
    "+nSU5El7LIxZ1MPIs+clzx+n7/Kip0KWBMkY2syK2l952/gFl+hC3jAAhB35LbcHPyhbY+Xze92aooyCIyn7Yo9HIiWG5+Q8nIje"
    "uHn/JhDPdxyPb7sQ+fbs5LF3mQsuo4IYu4IjqyRUgKbJVjhDT4sT2CK747ZcyGu85FI5UzAEMvdm70J0XOEKiNjqZwJGMTW97Hfh"
    "MetH6fe7c9fC9cp/jMXuzj151d4sZyfrboUoC2VFkQThE6hZuq1JhO7FPd3GQjx9T86V3iRabuTTZcnnjVK7rc1ulJggjprOWN9W"
    "ZkmU1XRj3+7p67V7B3dC89d9UYA6+YmskrgC2/WbiOpFF83gLfvGWIKz3vptSIwoUyiC0WMj5z48fLmpWejsyX18tR7FvFshke7G"
    "xaONw9reMdCbuPMLtIJ3KWCk2D42XEjB3vGmnjxsHnvc8e9PLBw8lZvA58+RubvtWTmtqG67F6dTYzc2DdwBhOfOcrwEejnjzd/y"
    "ygrII6y0iFTrze7vTeb/znJbXaVYCJ3A/VeocfZ7lXbkCWeIdc6N1MDP/CCeIxt2s+HtTyjgopPk7eFrCZsfkyv2bR8FEW00UaQ/"
    "fDleRTqFF9IuOp6QHfGlZ6bEjxlS4h+IkrmgzjSJrt0tZVITIk4Ti1otiF7ZL+e8gfcYSCGSpJO5/asmJwLP3v3pM/H13dcVpSSO"
    "ncD9Gi7/LV8UlXvbjbj7jYh1grq7l7GDpoJH0ItX/G21dZPcYFXe/e8PTn/VUzkXpO2oLZqabIFoYTX+10n1iAMyPJp3zA/wJ2BI"
    "injRHIVjM6rk2Nf7Llp7mmFhzEJ1zgHxmCRpcOmmgm9aOAgC4gYPXaRoWf0pTJv3EcrIJbDJTAOPfn9SMeMUincaiXP4eMATFnon"
    "uATvx4oENKYo4l/YnfBD74yU4HmTsNgIleDgR4Q1X8Ie3azCdJ7tFtoSfkbVc/oFvTYKxwi2l88ulGAfTWQ4MCrgWYhk9yOtvinj"
    "9bJmKsFaGkmNPLjxjkS8KkXJPZMJImCSGC/dJDhKVQFnVkQhi6tXLTN3qJLkU8fHa62MVhtbnSX0NEb2GeyTk0BnnJsqh2y7eBBn"
    "fmw2e5FYyXuhjE39Eje+b5OLSdCLiKmWDdc+X+M9fokg/kNxtrB4h6fgZxfvVmodZWP3haM2LRYncrxYBO/osrqEFJfs8Lg4Sz0O"
    "4BSsjRCHu/TZPCcQLlJRBXen9MSPYyyl4z5UdaAO2yLi6LtOGxeRh6cfn4QplaNPYAP4TsXfqSPRXIlCq+xGlXMnmusRRREpob3Q"
    "iuEgt032MoAJKC7aXa4KY7g6wmWChqwci6KVRU5mLuqexNYb5ypo8dZFqwQk1mSP6/a9Pr9qmPjh2NexLCozX9neWCHIMrG4GwvL"
    "0BEVn6yy11nDbhtXvaMBUW+QYIm+VCgxb3XYhT4dfZQDHirEW2VV3BxtO8ASUQRc0bevejgWEFGwJnQSRxRmHHTg8NdIOcgTEi/J"
    "Hou4Nj5NJVEkQIoq2SGQ2+RghTxkuQi7t2UqKR6hdDvPkIh6yBGmY4eGHWcfZ6ioNvsoNQYmzWLtvcIqJx52EC8ITl46/X0FDegD"
    "UYuCd7fraK0w2GhvpiL/iI0ChIrtqG9fOjcgEvkxapS5gN6/0fWV4F5wCUgm1HNojmqLWp3ZrCPiFaFWxk2rmP1qxjqPXS+0oJCG"
    "LyKSepHjEHLAoCaUtZBbCZlK5j1ub81cy1vlq9k72dU8z/K7amZWbOmFa3QddQocB0aq8zUcGsOhqYTMNfs+oVr1PGmaACSTXOc/"
    "LSZC124UYLX9rjhnfP8mJSGrKcebo3PjnoX3tux4S7gqhPBL5tTtgwgib1/weiRkrPdpxL221kS0b/fQOlcIcPBLSOqz3tZxVUa2"
    "Yh8DxOedCMt8Uq2OeEJkjbKionCzWRMoCGAlN+weG7UryIes0YRqtnlkLbipQANMPWmx/MIv46HFpbknzfPRMokDKIxuViBOowqZ"
    "goYd3bmUvuB7xbyQm+s2tCp297n7BKyo+zzyoIrkwD4CHFHcVRGUae3j8Gwlvqzdmd3aHcDUzmkaITn9lxNItTsNXTuV2I8Qctyx"
    "9tu3bwJSkWI9iGcr8P5Y5bgWiDPmwlD8lXMPvDNOUYo6zqrPP83ymNPPZJBdrw++upCvPlYrDyvnMS8fu8T1wT+o32uGi4qyOEtR"
    "vwXp/HpKxgxzANNkf/ncQJusJxqnnDS3wM1jbwU1kiiN/ImwaYJEfuOr+fRiY3e8Ib0Ee/oRSHCgNVYI5UKFSkmxbjvcPBn6ZpvR"
    "yBgKmPFmyRdSZFhCNXNkn+hqB6cKhHhEImJSI98NWrm0ccaloVxa3H3n5NqeTOPkiwRPbUsP41msQidfW0TZNxt1RbS4g6Lk6oWy"
    "s3o581zcOHwROZzXfOwP8W1Uv8YhRIuxgL1KEas4C3WzyiKFqZ98Y+Htr2LthInzq6LNwX/jPE7LJIGa9Ep0z+ziNIcOjQC0ZfXQ"
    "DmtztNjYWqLp4vRbs9cqTBWpbljd5pNDDX/0fPlc6HCumnmLfydEMTUfPWk+CinczU5ZIoBmsuI6iE9SaBW6Wnfx5IE8fHhU8I2E"
    "DJ0Z5nhQ6yNg+rdIW08TQCgsD4+Ekh09gaflCahikSRb3x7UojABtP2Ia1+k9Xs7zOy7vq+WpdDO6dXHUQMRnwZWvOGrcTBliI0w"
    "C3xEXYQ8RU9ji0mepn1qUY5mizRA71auSGMnUedYe5K0CbvPKfb0CVzezmb2e/cE9dvbQV0KW4Dm6DdapJdZ1s+KYjheePA+ci7g"
    "yHLHo5FE/Gu8jf8Z+EwLy02kS11/JmROnqrs2Gecgxf5cCvxY+/5M8k6CMdRrA8C//GG+iccEdZ8YDaXnMSAOEoXpelQZoBkICxg"
    "Dj8Etx+OPpwiWux8K5rnH1LddC8u42txsV4nQMwve+0f9iR3qqY2qKwwDRT73aJ+r05ApKk67jfjh5E6y/3xQUkf/v7kk3OpUE6g"
    "++jTR+61mn/+gfr9TGruQd+hbwHSIQ/95UwOsmKt+5BKFicels3DFvFjTfh4A+LBP8aYPGNfUYSptaZ+iK1OiJXGE2b9RjgsHf5m"
    "pT2B89WSb+95PSjJR8x/vHv1oCOfIwykJTTlYxX54EoKHIE/6DsB32c34SGAfLCzrJKHLbMHwhM+TlblGdtejzetRGgzVsLYB+3z"
    "ICvPvzMKTz43AUn6J3vFPOxXPig12xsnNwWni5rhxznKB33zFLKmDxtjjMmK7PHJjccG/ItK+8Kvb7Dd++bOj0d2pP6CpEhY8sup"
    "tb+c/wcWUi83"
)
BIP39 = zlib.decompress(base64.b64decode("".join(_BIP39_Z))).decode().split()
assert len(BIP39) == 2048

# ---------------------------------------------------------------- encodings
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
def b58enc(b):
    n = int.from_bytes(b, "big"); out = ""
    while n:
        n, r = divmod(n, 58); out = B58[r] + out
    pad = len(b) - len(b.lstrip(b"\0"))
    return "1" * pad + out
def b58check(payload):
    return b58enc(payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4])

BECH = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
def _polymod(values):
    GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]; chk = 1
    for v in values:
        b = chk >> 25; chk = ((chk & 0x1ffffff) << 5) ^ v
        for i in range(5):
            chk ^= GEN[i] if ((b >> i) & 1) else 0
    return chk
def bech32_addr(hrp, witver, prog):
    acc = 0; bits = 0; data = []
    for x in prog:
        acc = (acc << 8) | x; bits += 8
        while bits >= 5:
            bits -= 5; data.append((acc >> bits) & 31)
    if bits: data.append((acc << (5 - bits)) & 31)
    data = [witver] + data
    exp = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    pm = _polymod(exp + data + [0] * 6) ^ 1
    chk = [(pm >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(BECH[d] for d in data + chk)

# ---------------------------------------------------------------- ed25519 (RFC 8032 reference arithmetic)
_P = 2**255 - 19
_D = -121665 * pow(121666, _P - 2, _P) % _P
def _inv(x): return pow(x, _P - 2, _P)
def _padd(P, Q):
    A = (P[1] - P[0]) * (Q[1] - Q[0]) % _P; B = (P[1] + P[0]) * (Q[1] + Q[0]) % _P
    C = 2 * P[3] * Q[3] * _D % _P; D = 2 * P[2] * Q[2] % _P
    E, F, G, H = B - A, D - C, D + C, B + A
    return (E * F % _P, G * H % _P, F * G % _P, E * H % _P)
def _pmul(s, P):
    Q = (0, 1, 1, 0)
    while s > 0:
        if s & 1: Q = _padd(Q, P)
        P = _padd(P, P); s >>= 1
    return Q
def _recx(y, sign):
    x2 = (y * y - 1) * _inv(_D * y * y + 1)
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P != 0: x = x * pow(2, (_P - 1) // 4, _P) % _P
    if (x & 1) != sign: x = _P - x
    return x
_gy = 4 * _inv(5) % _P; _gx = _recx(_gy, 0); _G = (_gx, _gy, 1, _gx * _gy % _P)
def ed25519_pub(seed32):
    h = hashlib.sha512(seed32).digest()
    a = int.from_bytes(h[:32], "little"); a &= (1 << 254) - 8; a |= (1 << 254)
    P = _pmul(a, _G); zi = _inv(P[2]); x = P[0] * zi % _P; y = P[1] * zi % _P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")

# ---------------------------------------------------------------- P-256
_EP = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff
_EN = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551
_EG = (0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296,
       0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5)
def _eadd(P, Q):
    if P is None: return Q
    if Q is None: return P
    if P[0] == Q[0] and (P[1] + Q[1]) % _EP == 0: return None
    if P == Q: l = (3 * P[0] * P[0] - 3) * pow(2 * P[1], -1, _EP) % _EP
    else: l = (Q[1] - P[1]) * pow(Q[0] - P[0], -1, _EP) % _EP
    x = (l * l - P[0] - Q[0]) % _EP
    return (x, (l * (P[0] - x) - P[1]) % _EP)
def p256_pub(k):
    R = None; P = _EG
    while k:
        if k & 1: R = _eadd(R, P)
        P = _eadd(P, P); k >>= 1
    return R

# ---------------------------------------------------------------- DER / PEM
def _dlen(n):
    if n < 128: return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big"); return bytes([0x80 | len(b)]) + b
def der(tag, body): return bytes([tag]) + _dlen(len(body)) + body
def dint(x): return der(2, x.to_bytes(max(1, (x.bit_length() + 8) // 8), "big"))
def seq(*xs): return der(0x30, b"".join(xs))
def pem(kind, data, width=64):
    b = base64.b64encode(data).decode()
    return "-----BEGIN %s-----\n%s\n-----END %s-----" % (kind, "\n".join(b[i:i + width] for i in range(0, len(b), width)), kind)

def _is_prime(n, r):
    if n < 2: return False
    for p in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if n % p == 0: return n == p
    d = n - 1; s = 0
    while d % 2 == 0: d //= 2; s += 1
    for _ in range(24):
        a = r.randrange(2, n - 2); x = pow(a, d, n)
        if x in (1, n - 1): continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1: break
        else: return False
    return True
_SMALL = [p for p in range(3, 2000) if all(p % q for q in range(2, int(p ** .5) + 1))]
def _prime(bits, r):
    while True:
        c = r.getrandbits(bits) | (3 << (bits - 2)) | 1
        if any(c % p == 0 for p in _SMALL): continue
        if _is_prime(c, r): return c
def rsa_key(r, bits=2048):
    e = 65537
    while True:
        p = _prime(bits // 2, r); q = _prime(bits // 2, r)
        if p == q: continue
        phi = (p - 1) * (q - 1)
        try: d = pow(e, -1, phi)
        except ValueError: continue
        n = p * q
        if n.bit_length() == bits: break
    pk1 = seq(dint(0), dint(n), dint(e), dint(d), dint(p), dint(q), dint(d % (p - 1)), dint(d % (q - 1)), dint(pow(q, -1, p)))
    pk8 = seq(dint(0), seq(bytes.fromhex("06092a864886f70d010101"), b"\x05\x00"), der(4, pk1))
    spki = seq(seq(bytes.fromhex("06092a864886f70d010101"), b"\x05\x00"), der(3, b"\0" + seq(dint(n), dint(e))))
    return {"pkcs1": pem("RSA PRIVATE KEY", pk1), "pkcs8": pem("PRIVATE KEY", pk8), "pub": pem("PUBLIC KEY", spki)}
def ec_key(r):
    k = r.randrange(1, _EN); X, Y = p256_pub(k)
    pub = b"\x04" + X.to_bytes(32, "big") + Y.to_bytes(32, "big")
    body = seq(dint(1), der(4, k.to_bytes(32, "big")), der(0xa0, bytes.fromhex("06082a8648ce3d030107")), der(0xa1, der(3, b"\0" + pub)))
    return pem("EC PRIVATE KEY", body)
def ed_pkcs8(seed): return pem("PRIVATE KEY", bytes.fromhex("302e020100300506032b657004220420") + seed)
def openssh_ed25519(r, comment):
    seed = bytes(r.getrandbits(8) for _ in range(32)); pub = ed25519_pub(seed)
    s = lambda b: struct.pack(">I", len(b)) + b
    pubblob = s(b"ssh-ed25519") + s(pub)
    chk = struct.pack(">I", r.getrandbits(32)) * 2
    priv = chk + s(b"ssh-ed25519") + s(pub) + s(seed + pub) + s(comment.encode())
    i = 1
    while len(priv) % 8: priv += bytes([i]); i += 1
    blob = b"openssh-key-v1\0" + s(b"none") + s(b"none") + s(b"") + struct.pack(">I", 1) + s(pubblob) + s(priv)
    return pem("OPENSSH PRIVATE KEY", blob, 70), "ssh-ed25519 " + base64.b64encode(pubblob).decode() + " " + comment

def tiny_png(r, w=4, h=4):
    raw = b"".join(b"\0" + bytes(r.getrandbits(8) for _ in range(w * 3)) for _ in range(h))
    def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")

# ---------------------------------------------------------------- value generator
AL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
UP = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
LO = "abcdefghijklmnopqrstuvwxyz0123456789"
HX = "0123456789abcdef"
B64URL = AL + "-_"
SYM = "!#%^*-_=+."
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
    # primitives
    def s(self, n, alpha=AL): return "".join(self.r.choice(alpha) for _ in range(n))
    def hex(self, n): return self.s(n, HX)
    def HEX(self, n): return self.s(n, "0123456789ABCDEF")
    def by(self, n): return bytes(self.r.getrandbits(8) for _ in range(n))
    def b64(self, n): return base64.b64encode(self.by(n)).decode()
    def b64url(self, n): return base64.urlsafe_b64encode(self.by(n)).decode().rstrip("=")
    def uuid(self): return str(_uuid.UUID(int=self.r.getrandbits(128), version=4))
    def digits(self, n): return str(self.r.randint(1, 9)) + self.s(n - 1, "0123456789")
    def pick(self, xs): return self.r.choice(xs)
    def mixed(self, n, alpha=AL):
        # guarantee at least one upper, lower and digit where alphabet allows (looks like a real key)
        while True:
            v = self.s(n, alpha)
            if (not any(c.isupper() for c in alpha) or any(c.isupper() for c in v)) and \
               (not any(c.islower() for c in alpha) or any(c.islower() for c in v)) and any(c.isdigit() for c in v):
                return v
    def password(self, n=16):
        while True:
            v = self.s(n, AL + SYM)
            if any(c in SYM for c in v) and any(c.isdigit() for c in v) and any(c.isupper() for c in v) and v[0] not in "-=+.#":
                return v
    def passphrase(self):
        w = [self.pick(BIP39).capitalize() for _ in range(2)]
        return w[0] + self.pick("!#%*") + w[1] + self.digits(3) + self.pick("!#%*")
    # exchanges
    def binance(self): return self.mixed(64), self.mixed(64)
    def cdp_name(self): return "organizations/%s/apiKeys/%s" % (self.uuid(), self.uuid())
    def ec_pem(self): return ec_key(self.r)
    def cdp_ed(self): return self.b64(64)
    def kraken(self): return self.b64(42), self.b64(64)
    def bybit(self): return self.mixed(18), self.mixed(36)
    def okx(self): return self.uuid(), self.HEX(32), self.passphrase()
    def kucoin(self): return self.hex(24), self.uuid(), self.passphrase()
    def bitget(self): return "bg_" + self.hex(32), self.hex(64), self.passphrase()
    def gate(self): return self.hex(32), self.hex(64)
    def mexc(self): return "mx0vgl" + self.mixed(30), self.hex(32)
    def htx(self):
        f = lambda: "-".join([self.s(8, LO), self.s(8, LO), self.s(8, LO), self.s(5, LO)])
        return f(), f()
    def bitfinex(self): return self.mixed(43), self.mixed(43)
    def bitstamp(self): return self.mixed(32), self.mixed(32), self.digits(6)
    def gemini(self): return "account-" + self.mixed(20), self.mixed(28)
    def deribit(self): return self.mixed(8), self.b64url(32)
    def bitvavo(self): return self.hex(64), self.hex(128)
    def phemex(self): return self.uuid(), self.b64url(66)
    def bingx(self): return self.mixed(64), self.mixed(64)
    def whitebit(self): return self.hex(32), self.hex(32)
    def upbit(self): return self.mixed(40), self.mixed(40)
    def bithumb(self): return self.hex(32), self.hex(32)
    def coinone(self): return self.uuid(), self.uuid().upper()
    def korbit(self): return self.mixed(60), self.mixed(60)
    def evm_pk(self):
        while True:
            h = self.hex(64)
            if 0 < int(h, 16) < 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141: return h
    def alpaca(self, live=False): return ("AK" if live else "PK") + self.s(18, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"), self.mixed(40)
    def oanda(self): return self.hex(32) + "-" + self.hex(32)
    def oanda_account(self): return "101-%03d-%s-001" % (self.r.randint(1, 11), self.digits(7))
    def tradier(self): return self.mixed(28)
    def kite(self): return self.s(16, LO), self.s(32, LO), self.mixed(32)
    def threecommas(self): return self.hex(64), self.hex(256)
    # wallets
    def sol_keypair(self):
        seed = self.by(32); return seed + ed25519_pub(seed)
    def sol_b58(self): return b58enc(self.sol_keypair())
    def sol_pub(self): return b58enc(ed25519_pub(self.by(32)))
    def wif(self, compressed=True):
        return b58check(b"\x80" + bytes.fromhex(self.evm_pk()) + (b"\x01" if compressed else b""))
    def xprv(self, ver="0488ade4"):
        return b58check(bytes.fromhex(ver) + b"\0" + b"\0" * 4 + b"\0" * 4 + self.by(32) + b"\0" + bytes.fromhex(self.evm_pk()))
    def mnemonic(self, words=12):
        ent = self.by(16 if words == 12 else 32)
        cs = len(ent) * 8 // 32
        bits = bin(int.from_bytes(ent, "big"))[2:].zfill(len(ent) * 8) + bin(hashlib.sha256(ent).digest()[0])[2:].zfill(8)[:cs]
        return " ".join(BIP39[int(bits[i:i + 11], 2)] for i in range(0, len(bits), 11))
    def btc_addr(self):
        if self.r.random() < 0.5: return bech32_addr("bc", 0, self.by(20))
        return b58check(b"\0" + self.by(20))
    def evm_addr(self): return "0x" + self.hex(40)
    # bots
    def telegram(self): return "%d:AA%s" % (self.r.randint(5000000000, 7999999999), self.s(33, B64URL))
    def discord_bot(self):
        uid = self.digits(19)
        return base64.b64encode(uid.encode()).decode().rstrip("=") + "." + self.s(6, B64URL) + "." + self.s(38, B64URL)
    def discord_hook(self): return "https://discord.com/api/webhooks/%s/%s" % (self.digits(19), self.s(68, B64URL))
    def slack_hook(self): return "https://hooks.slack.com/services/T%s/B%s/%s" % (self.s(8, UP[:26] + "0123456789"), self.s(10, UP), self.mixed(24))
    def slack_bot(self): return "xoxb-%s-%s-%s" % (self.digits(12), self.digits(13), self.mixed(24))
    # general
    def aws(self): return "AKIA" + self.s(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), self.mixed(40, AL + "+/")
    def azure_storage(self, acct): return "DefaultEndpointsProtocol=https;AccountName=%s;AccountKey=%s;EndpointSuffix=core.windows.net" % (acct, self.b64(64))
    def azure_secret(self): return self.mixed(3) + self.s(1, "0123456789") + "Q~" + self.s(34, AL + "_.~-")
    def openai(self): return "sk-proj-" + self.s(74, B64URL) + "T3BlbkFJ" + self.s(74, B64URL)
    def anthropic(self): return "sk-ant-api03-" + self.s(93, B64URL) + "AA"
    def github(self, prefix="ghp_"):
        body = self.mixed(30); c = zlib.crc32(body.encode()) & 0xffffffff; enc = ""
        while c: c, r = divmod(c, 62); enc = B62[r] + enc
        return prefix + body + enc.rjust(6, "0")
    def github_pat(self): return "github_pat_" + self.mixed(22, UP + "abcdefghijklmnopqrstuvwxyz") + "_" + self.mixed(59)
    def stripe(self, kind="sk_live_"): return kind + self.mixed(99 if self.r.random() < .5 else 24)
    def sendgrid(self): return "SG." + self.s(22, B64URL) + "." + self.s(43, B64URL)
    def twilio(self): return "AC" + self.hex(32), self.hex(32)
    def hf(self): return "hf_" + self.s(34, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    def dockerhub(self): return "dckr_pat_" + self.s(27, B64URL)
    def npm(self): return self.github("npm_")
    def pypi(self): return "pypi-AgEIcHlwaS5vcmc" + self.s(150, B64URL)
    def django(self): return "django-insecure-" + self.s(50, "abcdefghijklmnopqrstuvwxyz0123456789!@#%^&*(-_=+)")
    def rails(self): return self.hex(128)
    def laravel(self): return "base64:" + self.b64(32)
    def jwt_secret(self): return self.hex(64)
    def jwt_token(self, secret, sub):
        import hmac as _h
        e = lambda d: base64.urlsafe_b64encode(json.dumps(d, separators=(",", ":")).encode()).decode().rstrip("=")
        h = e({"alg": "HS256", "typ": "JWT"}); p = e({"sub": sub, "iat": 1733900000 + self.r.randint(0, 999999), "scope": "trade"})
        sig = base64.urlsafe_b64encode(_h.new(secret.encode(), (h + "." + p).encode(), hashlib.sha256).digest()).decode().rstrip("=")
        return h + "." + p + "." + sig
    def rsa(self): return rsa_key(self.r)
    # negatives
    def sha256(self): return self.hex(64)
    def gitsha(self): return self.hex(40)
    def integrity(self): return "sha512-" + self.b64(64)
    def bcrypt(self): return "$2b$12$" + self.s(53, "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    def argon2(self): return "$argon2id$v=19$m=65536,t=3,p=4$" + self.b64(16).rstrip("=") + "$" + self.b64(32).rstrip("=")
    def txhash(self): return "0x" + self.hex(64)
    def sops(self, n=24): return "ENC[AES256_GCM,data:%s,iv:%s,tag:%s,type:str]" % (self.b64(n), self.b64(32), self.b64(16))
    def keystore(self, addr):
        return json.dumps({"address": addr[2:], "crypto": {"cipher": "aes-128-ctr", "ciphertext": self.hex(64), "cipherparams": {"iv": self.hex(32)},
                "kdf": "scrypt", "kdfparams": {"dklen": 32, "n": 262144, "p": 1, "r": 8, "salt": self.hex(64)}, "mac": self.hex(64)},
                "id": self.uuid(), "version": 3}, separators=(",", ":"))
    def vault_blob(self):
        body = self.hex(480)
        return "$ANSIBLE_VAULT;1.1;AES256\n" + "\n".join(body[i:i + 80] for i in range(0, len(body), 80))

# ---------------------------------------------------------------- labelled values and files
PUBLIC_SAMPLES = {
    "aws_example_key": "AKIAIOSFODNN7EXAMPLE",
    "aws_example_secret": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "binance_doc_key": "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A",
    "binance_doc_secret": "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j",
    "hardhat_pk0": "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "hardhat_addr0": "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
    "hardhat_mnemonic": "test test test test test test test test test test test junk",
    "bip39_vector": "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
    "stripe_doc": "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
    "jwt_io": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    "telegram_doc": "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11",
    "usdc": "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48",
    "usdt": "0xdAC17F958D2ee523a2206206994597C13D831ec7",
    "weth": "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2",
}

class V:
    """A value to be placed in a file. text = what is written; needles = substrings that must be on the labelled line;
    secrets = strings (raw secrets, fragments, encoded wrappers) that must never appear on an unlabelled/negative line."""
    def __init__(self, label, provider, cred, raw, trap=None, text=None, needles=None, secrets=None, form=None):
        self.label, self.provider, self.cred, self.raw, self.trap, self.form = label, provider, cred, raw, trap, form
        self.text = raw if text is None else text
        self.needles = needles
        self.secrets = list(secrets or [])
    def enc(self, how):
        t = self.text
        if how == "json": t2 = json.dumps(t)[1:-1]
        elif how == "b64": t2 = base64.b64encode(t.encode()).decode()
        elif how == "url": t2 = urllib.parse.quote(t, safe="")
        elif how == "dq": t2 = t.replace("\\", "\\\\").replace('"', '\\"')
        elif how.startswith("ind"): t2 = t.replace("\n", "\n" + " " * int(how[3:]))
        elif how == "esc_n": t2 = t.replace("\n", "\\n")
        else: raise ValueError(how)
        n = V(self.label, self.provider, self.cred, self.raw, self.trap, t2, None, self.secrets, self.form)
        if how == "b64" and self.label == "positive": n.secrets.append(t2)
        return n

def P(provider, cred, raw, **kw): return V("positive", provider, cred, raw, **kw)
def N(provider, cred, raw, trap, **kw): return V("negative", provider, cred, raw, trap=trap, **kw)

EXT_LANG = {
    ".py": "python", ".pyi": "python", ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".ts": "typescript", ".tsx": "typescript",
    ".go": "go", ".rs": "rust", ".java": "java", ".kt": "kotlin", ".kts": "kotlin", ".cs": "csharp", ".vb": "vbnet", ".fs": "fsharp", ".fsx": "fsharp",
    ".php": "php", ".rb": "ruby", ".ex": "elixir", ".exs": "elixir", ".erl": "erlang", ".hrl": "erlang", ".clj": "clojure", ".edn": "clojure",
    ".hs": "haskell", ".ml": "ocaml", ".scala": "scala", ".sc": "scala", ".swift": "swift", ".dart": "dart", ".lua": "lua", ".r": "r", ".R": "r",
    ".jl": "julia", ".pl": "perl", ".pm": "perl", ".ps1": "powershell", ".psm1": "powershell", ".sh": "bash", ".bash": "bash", ".zsh": "bash",
    ".zig": "zig", ".nim": "nim", ".c": "c", ".h": "c", ".cpp": "cpp", ".hpp": "cpp", ".cc": "cpp", ".md": "markdown", ".rst": "rst",
    ".ipynb": "jupyter", ".yaml": "yaml", ".yml": "yaml", ".toml": "toml", ".ini": "ini", ".cfg": "ini", ".conf": "conf", ".properties": "properties",
    ".env": "dotenv", ".tf": "hcl", ".hcl": "hcl", ".tfvars": "hcl", ".xml": "xml", ".config": "xml", ".csproj": "xml", ".plist": "plist", ".json": "json",
    ".json5": "json5", ".jsonc": "json", ".cue": "cue", ".nix": "nix", ".dhall": "dhall", ".service": "systemd", ".timer": "systemd", ".http": "http",
    ".har": "har", ".csv": "csv", ".tsv": "tsv", ".sql": "sql", ".log": "log", ".txt": "text", ".sol": "solidity", ".gradle": "groovy",
    ".groovy": "groovy", ".mk": "makefile", ".vue": "vue", ".kdl": "kdl", ".lock": "lockfile", ".bat": "batch", ".tpl": "gotemplate", ".pem": "pem", ".key": "keyfile", ".po": "gettext", ".strings": "strings", ".html": "html", ".css": "css", ".Rmd": "rmarkdown", ".rmd": "rmarkdown", ".exs": "elixir", ".Renviron": "dotenv",
}
NAME_LANG = {"Dockerfile": "dockerfile", "Makefile": "makefile", ".netrc": "netrc", ".pgpass": "pgpass", ".npmrc": "npmrc", ".pypirc": "pypirc",
             ".git-credentials": "git-credentials", ".bash_history": "shell_history", ".zsh_history": "shell_history", "crontab": "crontab",
             "Procfile": "procfile", ".Renviron": "dotenv", "id.json": "json", "Gemfile": "ruby", "Jenkinsfile": "groovy", "Vagrantfile": "ruby", "justfile": "makefile"}
def lang_of(path):
    base = os.path.basename(path)
    if base in NAME_LANG: return NAME_LANG[base]
    if base.startswith(".env"): return "dotenv"
    if base.endswith(".postman_collection.json"): return "postman"
    if base.endswith(".cassette.yml") or "/cassettes/" in path: return "yaml"
    if base.startswith("Dockerfile"): return "dockerfile"
    if base.endswith(".crontab"): return "crontab"
    ext = os.path.splitext(base)[1]
    return EXT_LANG.get(ext, EXT_LANG.get(ext.lower(), "text"))

MARK = re.compile(r"«([A-Za-z_][A-Za-z0-9_]*)(?:\|([a-z0-9_]+))?»")

class File:
    def __init__(self, repo, rel):
        self.repo, self.rel, self.lines, self.labels, self.spans = repo, rel, [], {}, []
    @property
    def path(self): return self.repo.dirname + "/" + self.rel
    def add(self, block, form=None, raw=False, **vals):
        if not raw: block = textwrap.dedent(block)
        if block.startswith("\n"): block = block[1:]
        if block.endswith("\n"): block = block[:-1]
        for src in block.split("\n"):
            out = ""; pos = 0; hits = []
            for m in MARK.finditer(src):
                out += src[pos:m.start()]
                v = vals[m.group(1)]
                if m.group(2): v = v.enc(m.group(2))
                hits.append((out.count("\n"), v))
                out += v.text; pos = m.end()
            out += src[pos:]
            base = len(self.lines)
            self.lines.extend(out.split("\n"))
            for off, v in hits:
                ln = base + off + 1
                span_end = ln + v.text.count("\n")
                self.mark(ln, v, form, span_end)
        return self
    def add_raw(self, block, form=None, **vals): return self.add(block, form, True, **vals)
    def mark(self, ln, v, form, span_end):
        f = v.form or form or "unknown"
        needles = v.needles if v.needles is not None else [v.text.split("\n")[0].strip()]
        cur = self.labels.get(ln)
        rec = {"label": v.label, "provider": v.provider, "cred": v.cred, "form": f, "trap": v.trap,
               "needles": list(needles), "values": [{"label": v.label, "raw": v.raw, "secrets": v.secrets, "provider": v.provider, "cred": v.cred}],
               "span": [ln, span_end]}
        if cur is None:
            self.labels[ln] = rec
        else:
            cur["needles"] += rec["needles"]; cur["values"] += rec["values"]
            cur["span"][1] = max(cur["span"][1], span_end)
            if cur["label"] == "negative" and v.label == "positive":
                for k in ("label", "provider", "cred", "form", "trap"): cur[k] = rec[k]
    def text(self): return "\n".join(self.lines) + "\n"

class Repo:
    def __init__(self, corpus, idx, name):
        self.corpus, self.dirname, self.files = corpus, "r%02d-%s" % (idx, name), {}
    def f(self, rel):
        if rel not in self.files: self.files[rel] = File(self, rel)
        return self.files[rel]
    def add(self, rel, block, form=None, **vals): return self.f(rel).add(block, form, **vals)

class Corpus:
    def __init__(self, seed):
        self.g = Gen(seed); self.repos = []
    def repo(self, name):
        r = Repo(self, len(self.repos) + 1, name); self.repos.append(r); return r
    def write(self, out):
        if os.path.isdir(out):
            for e in os.listdir(out):
                p = os.path.join(out, e)
                if re.match(r"r\d\d-", e) or e in (".meta", "labels.jsonl"):
                    shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)
        os.makedirs(os.path.join(out, ".meta"), exist_ok=True)
        labels, meta = [], []
        for r in self.repos:
            for rel in sorted(r.files):
                fl = r.files[rel]; p = os.path.join(out, fl.path)
                os.makedirs(os.path.dirname(p), exist_ok=True)
                with open(p, "w", encoding="utf-8", newline="\n") as fh: fh.write(fl.text())
                for ln in sorted(fl.labels):
                    L = fl.labels[ln]
                    row = {"path": fl.path, "line": ln, "label": L["label"], "provider": L["provider"], "cred": L["cred"],
                           "form": L["form"], "lang": lang_of(fl.path)}
                    if L["label"] == "negative": row["trap"] = L["trap"]
                    labels.append(row)
                    meta.append({"path": fl.path, "line": ln, "span": L["span"], "needles": L["needles"], "values": L["values"]})
        with open(os.path.join(out, "labels.jsonl"), "w") as fh:
            for row in labels: fh.write(json.dumps(row, sort_keys=False) + "\n")
        with open(os.path.join(out, ".meta", "values.jsonl"), "w") as fh:
            for row in meta: fh.write(json.dumps(row) + "\n")
        return labels

# ---------------------------------------------------------------- helpers
def notebook(repo, rel, cells, **vals):
    """cells: list of (cell_type, source_text, output_text or None). Markers inside are JSON-escaped automatically."""
    f = repo.f(rel)
    ovals = {}
    for k, v in vals.items():
        v2 = V(v.label, v.provider, v.cred, v.raw, v.trap, v.text, v.needles, v.secrets, None)
        ovals[k] = v2
    def js(line):
        s = json.dumps(line, ensure_ascii=False)
        return MARK.sub(lambda m: "«%s|json»" % m.group(1) if not m.group(2) else m.group(0), s)
    f.add_raw('{\n "cells": [')
    n = 0
    for ci, (ctype, src, out) in enumerate(cells):
        src_lines = textwrap.dedent(src).strip("\n").split("\n")
        f.add_raw('  {\n   "cell_type": "%s",' % ctype)
        if ctype == "code":
            n += 1
            f.add_raw('   "execution_count": %d,' % n)
        f.add_raw('   "metadata": {},')
        if ctype == "code":
            if out:
                f.add_raw('   "outputs": [\n    {\n     "name": "stdout",\n     "output_type": "stream",\n     "text": [')
                ol = textwrap.dedent(out).strip("\n").split("\n")
                for i, l in enumerate(ol):
                    f.add_raw("      " + js(l + ("\n" if i < len(ol) - 1 else "")) + ("," if i < len(ol) - 1 else ""), "notebook_output", **ovals)
                f.add_raw('     ]\n    }\n   ],')
            else:
                f.add_raw('   "outputs": [],')
        f.add_raw('   "source": [')
        for i, l in enumerate(src_lines):
            f.add_raw("    " + js(l + ("\n" if i < len(src_lines) - 1 else "")) + ("," if i < len(src_lines) - 1 else ""), "notebook_source", **vals)
        f.add_raw('   ]\n  }' + ("," if ci < len(cells) - 1 else ""))
    f.add_raw(''' ],
 "metadata": {
  "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
  "language_info": {"name": "python", "version": "3.11.6"}
 },
 "nbformat": 4,
 "nbformat_minor": 4
}''')
    return f

def split2(s, at=None):
    at = at or len(s) // 2
    return s[:at], s[at:]

# ================================================================ repositories
def r_binance_grid(c):
    g = c.g; r = c.repo("binance-grid-py")
    k1, s1 = g.binance(); k0, _ = g.binance(); k2, s2 = g.binance(); k3, s3 = g.binance(); k6, s6 = g.binance(); k5, s5 = g.binance()
    tg = g.telegram(); pgpw = g.password(18)
    r.add("bot/config.py", r'''
        """Runtime configuration for the grid bot."""
        import os

        SYMBOL = "BTCUSDT"
        GRID_LEVELS = 12
        GRID_SPACING_PCT = 0.35
        MAX_POSITION_USDT = 1500

        # TODO(dima): move to vault before going live
        BINANCE_API_KEY = os.getenv("BINANCE_API_KEY", "«k1»")
        BINANCE_API_SECRET = os.environ.get("BINANCE_API_SECRET") or "«s1»"

        # old testnet pair, rotated 2024-03
        # BINANCE_API_KEY = "«k0»"

        «ff» = True
        ''', "env_fallback", k1=P("binance", "api_key", k1), s1=P("binance", "api_secret", s1),
        k0=P("binance", "api_key", k0, form="comment"), ff=N("generic", "feature_flag", "api_key_enabled", "feature_flag", form="assignment"))
    r.add("bot/exchange.py", r'''
        import ccxt
        from binance.client import Client

        from .config import SYMBOL


        def make_client(testnet: bool = False) -> Client:
            # read-only key for the dashboard container
            return Client("«k2»", "«s2»", testnet=testnet)


        exchange = ccxt.binance({
            "apiKey": "«k3»",
            "secret": "«s3»",
            "enableRateLimit": True,
            "options": {"defaultType": "future"},
        })


        def place_grid(levels):
            for price in levels:
                exchange.create_limit_buy_order(SYMBOL, 0.001, price)
        ''', k2=P("binance", "api_key", k2, form="ctor_pos"), s2=P("binance", "api_secret", s2, form="ctor_pos"),
        k3=P("binance", "api_key", k3, form="dict_literal"), s3=P("binance", "api_secret", s3, form="dict_literal"))
    chat = "-100" + g.digits(10)
    r.add("bot/notify.py", r'''
        import telebot

        bot = telebot.TeleBot("«tg»", parse_mode="HTML")
        CHAT_ID = «chat»


        def send(msg: str) -> None:
            bot.send_message(CHAT_ID, f"<b>grid</b> {msg}")
        ''', tg=P("telegram", "bot_token", tg, form="ctor_pos"), chat=N("telegram", "chat_id", chat, "chat_id", form="assignment"))
    r.add(".env.example", r'''
        # copy to .env and fill in
        BINANCE_API_KEY=«ph1»
        BINANCE_API_SECRET=«ph2»
        TELEGRAM_TOKEN=«ph3»
        ''', "dotenv", ph1=N("binance", "api_key", "your_binance_api_key_here", "placeholder"),
        ph2=N("binance", "api_secret", "", "empty_value", needles=["BINANCE_API_SECRET="]),
        ph3=N("telegram", "bot_token", "<telegram-bot-token>", "placeholder"))
    r.add("tests/test_orders.py", r'''
        import pytest
        from binance.client import Client

        from bot.exchange import place_grid

        FAKE_KEY = "«fk»"  # fake credentials for unit tests, never valid


        @pytest.fixture
        def live_client():
            # hits the real testnet
            return Client("«k5»", "«s5»", testnet=True)


        def test_client_order_id_roundtrip(live_client):
            order = live_client.get_order(symbol="BTCUSDT", origClientOrderId="«oid»")
            assert order["status"] in {"NEW", "FILLED"}
        ''', fk=N("binance", "api_key", "FAKE_" + "x" * 20 + "_NOT_A_KEY", "marked_fake", form="assignment"),
        k5=P("binance", "api_key", k5, form="ctor_pos"), s5=P("binance", "api_secret", s5, form="ctor_pos"),
        oid=N("binance", "client_order_id", g.uuid(), "uuid_id", form="ctor_kw"))
    notebook(r, "notebooks/grid_backtest.ipynb", [
        ("markdown", "# Grid backtest\nPulls 1m klines and replays the grid.", None),
        ("code", '''
            from binance.client import Client
            client = Client(api_key="«k6»", api_secret="«s6»")
            print(client.API_KEY)''', "«k6»"),
        ("code", "klines = client.get_historical_klines('BTCUSDT', '1m', '30 days ago UTC')\nlen(klines)", None),
    ], k6=P("binance", "api_key", k6, form="ctor_kw"), s6=P("binance", "api_secret", s6))
    r.add("docker-compose.yml", r'''
        services:
          bot:
            build: .
            env_file: .env
            environment:
              DATABASE_URL: postgresql://grid:«pw_url»@db:5432/grid
            depends_on: [db]
          db:
            image: postgres:16-alpine
            environment:
              POSTGRES_USER: grid
              POSTGRES_PASSWORD: «pw»
        ''', "compose", pw_url=P("postgres", "db_url", pgpw, text=urllib.parse.quote(pgpw, safe=""), form="url_userinfo"),
        pw=P("postgres", "password", pgpw))
    r.add("README.md", r'''
        # binance-grid-py

        Simple spot grid bot for Binance. Uses `python-binance` and `ccxt`.

        ## Setup

        ```bash
        cp .env.example .env
        export BINANCE_API_KEY=«ph»
        python -m bot
        ```

        Create a key with **spot trading only** and IP whitelist; never enable withdrawals.
        ''', "markdown_code", ph=N("binance", "api_key", "<your-key>", "placeholder"))

def r_freqtrade(c):
    g = c.g; r = c.repo("freqtrade-user-data")
    k, s, pp = g.kucoin(); tg = g.telegram(); jwt = g.jwt_secret(); ws = g.b64url(24); apipw = g.password(14); dbpw = g.password(16)
    dh = g.discord_hook(); chat = g.digits(10)
    r.add("user_data/config.json", r'''
        {
            "max_open_trades": 5,
            "stake_currency": "USDT",
            "stake_amount": "unlimited",
            "dry_run": false,
            "timeframe": "15m",
            "exchange": {
                "name": "kucoin",
                "key": "«k»",
                "secret": "«s»",
                "password": "«pp»",
                "ccxt_config": {},
                "ccxt_async_config": {},
                "pair_whitelist": ["BTC/USDT", "ETH/USDT", "SOL/USDT"]
            },
            "telegram": {
                "enabled": true,
                "token": "«tg»",
                "chat_id": "«chat»"
            },
            "discord": {
                "enabled": true,
                "webhook_url": "«dh»"
            },
            "api_server": {
                "enabled": true,
                "listen_ip_address": "0.0.0.0",
                "listen_port": 8080,
                "jwt_secret_key": "«jwt»",
                "ws_token": "«ws»",
                "username": "freqtrader",
                "password": "«apipw»"
            },
            "db_url": "postgresql+psycopg2://ft:«dbpw»@127.0.0.1:5432/freqtrade",
            "bot_name": "kucoin-15m",
            "initial_state": "running"
        }
        ''', "json", k=P("kucoin", "api_key", k), s=P("kucoin", "api_secret", s), pp=P("kucoin", "passphrase", pp),
        tg=P("telegram", "bot_token", tg), chat=N("telegram", "chat_id", chat, "chat_id"), dh=P("discord", "webhook_url", dh),
        jwt=P("freqtrade", "jwt_secret", jwt), ws=P("freqtrade", "ws_token", ws), apipw=P("freqtrade", "api_password", apipw),
        dbpw=P("postgres", "db_url", urllib.parse.quote(dbpw, safe=""), form="url_userinfo", secrets=[dbpw]))
    r.add("config_examples/config_full.example.json", r'''
        {
            "exchange": {
                "name": "binance",
                "key": "«a»",
                "secret": "«b»",
                "password": ""
            },
            "telegram": {"enabled": false, "token": "«c»", "chat_id": "«d»"},
            "api_server": {
                "jwt_secret_key": "«e»",
                "ws_token": "«f»",
                "username": "freqtrader",
                "password": "«h»"
            }
        }
        ''', "json", a=N("freqtrade", "api_key", "your_exchange_key", "placeholder"), b=N("freqtrade", "api_secret", "your_exchange_secret", "placeholder"),
        c=N("telegram", "bot_token", "your_telegram_token", "placeholder"), d=N("telegram", "chat_id", "your_telegram_chat_id", "placeholder"),
        e=N("freqtrade", "jwt_secret", "somethingrandom", "placeholder"), f=N("freqtrade", "ws_token", "secret_ws_t0ken.", "placeholder"),
        h=N("freqtrade", "api_password", "SuperSecurePassword", "placeholder"))
    k2, s2, p2 = g.kucoin(); tg2 = g.telegram()
    r.add("deploy/freqtrade.service", r'''
        [Unit]
        Description=Freqtrade kucoin bot
        After=network-online.target docker.service

        [Service]
        User=ft
        WorkingDirectory=/opt/freqtrade
        Environment=FREQTRADE__EXCHANGE__KEY=«k2»
        Environment="FREQTRADE__EXCHANGE__SECRET=«s2»"
        Environment="FREQTRADE__EXCHANGE__PASSWORD=«p2»"
        ExecStart=/opt/freqtrade/.venv/bin/freqtrade trade --config user_data/config.json --strategy EmaRsi
        Restart=on-failure
        RestartSec=30

        [Install]
        WantedBy=multi-user.target
        ''', "systemd", k2=P("kucoin", "api_key", k2), s2=P("kucoin", "api_secret", s2), p2=P("kucoin", "passphrase", p2))
    r.add("deploy/crontab", r'''
        # m h dom mon dow command
        */5 * * * * /opt/freqtrade/scripts/healthcheck.sh >> /var/log/ft-health.log 2>&1
        30 2 * * * cd /opt/freqtrade && FREQTRADE__TELEGRAM__TOKEN=«tg2» .venv/bin/freqtrade download-data -t 15m --days 3
        0 4 * * 0 docker image prune -f
        ''', "crontab", tg2=P("telegram", "bot_token", tg2))
    r.add("user_data/strategies/EmaRsi.py", r'''
        from freqtrade.strategy import IStrategy
        import talib.abstract as ta


        class EmaRsi(IStrategy):
            timeframe = "15m"
            minimal_roi = {"0": 0.04, "60": 0.02}
            stoploss = -0.08
            use_exit_signal = True

            def populate_indicators(self, dataframe, metadata):
                dataframe["ema_fast"] = ta.EMA(dataframe, timeperiod=12)
                dataframe["ema_slow"] = ta.EMA(dataframe, timeperiod=26)
                dataframe["rsi"] = ta.RSI(dataframe)
                return dataframe
        ''')
    tg3 = g.telegram()
    r.add("README.md", r'''
        # freqtrade user_data

        Strategies and config for the kucoin bot. Run with `docker compose up -d`.

        Note to self: the staging bot token is «tg3» (revoke after the demo on Friday).

        The exchange password field is the KuCoin API passphrase, not the account password.
        ''', "markdown_prose", tg3=P("telegram", "bot_token", tg3))

def r_hummingbot(c):
    g = c.g; r = c.repo("hummingbot-pmm-conf")
    ks1 = g.keystore(g.evm_addr()).encode().hex(); ks2 = g.keystore(g.evm_addr()).encode().hex()
    r.add("conf/connectors/binance.yml", r'''
        connector: binance
        binance_api_key: «a»
        binance_api_secret: «b»
        ''', "yaml", a=N("binance", "api_key", ks1, "encrypted_blob", needles=[ks1[:40]]), b=N("binance", "api_secret", ks2, "encrypted_blob", needles=[ks2[:40]]))
    k, s, pp = g.kucoin()
    r.add("conf/connectors/kucoin.yml", r'''
        # TODO: re-run `connect kucoin` — this one was pasted by hand during the migration
        connector: kucoin
        kucoin_api_key: «k»
        kucoin_secret_key: «s»
        kucoin_passphrase: «pp»
        ''', "yaml", k=P("kucoin", "api_key", k), s=P("kucoin", "api_secret", s), pp=P("kucoin", "passphrase", pp))
    tg = g.telegram(); chat = g.digits(9); iid = g.gitsha()
    r.add("conf/conf_client.yml", r'''
        ####################################
        ###   client_config_map config   ###
        ####################################

        instance_id: «iid»
        kill_switch_mode: {}
        autofill_import: disabled
        telegram_mode:
          telegram_enabled: true
          telegram_token: «tg»
          telegram_chat_id: «chat»
        ''', "yaml", iid=N("hummingbot", "instance_id", iid, "hash_sha1"), tg=P("telegram", "bot_token", tg), chat=N("telegram", "chat_id", chat, "chat_id"))
    pv = g.keystore(g.evm_addr()).encode().hex()
    r.add("conf/.password_verification", "«pv»", "keyfile", pv=N("hummingbot", "password_verification", pv, "encrypted_blob", needles=[pv[:40]]))
    gw = g.password(20); pk = g.evm_pk()
    r.add("gateway/.env", r'''
        GATEWAY_PASSPHRASE=«gw»
        GATEWAY_PORT=15888
        ETHEREUM_PRIVATE_KEY=«pk»
        ''', "dotenv", gw=P("hummingbot", "gateway_passphrase", gw), pk=P("ethereum", "private_key", pk))
    r.add("conf/strategies/pmm_btc_usdt.yml", r'''
        template_version: 24
        strategy: pure_market_making
        exchange: kucoin
        market: BTC-USDT
        bid_spread: 0.15
        ask_spread: 0.15
        order_amount: 0.002
        order_refresh_time: 30.0
        inventory_skew_enabled: true
        ''')

def r_ccxt_arb(c):
    g = c.g; r = c.repo("ccxt-arb-ts")
    ok, os_, op = g.okx(); bk, bs, bp = g.bitget(); gk, gs = g.gate(); tg = g.telegram()
    ga, gb = split2(gs, 30)
    r.add("src/exchanges.ts", r'''
        import ccxt from "ccxt";

        export const okx = new ccxt.okx({
          apiKey: process.env.OKX_API_KEY ?? "«ok»",
          secret: process.env.OKX_SECRET ?? "«os»",
          password: process.env.OKX_PASSPHRASE || "«op»",
          enableRateLimit: true,
        });

        export const bitget = new ccxt.bitget({ apiKey: "«bk»", secret: "«bs»", password: "«bp»" });

        const GATE_KEY = "«gk»";
        const GATE_SECRET = "«ga»" + "«gb»";

        export const gate = new ccxt.gate({ apiKey: GATE_KEY, secret: GATE_SECRET });
        ''', "env_fallback", ok=P("okx", "api_key", ok), os=P("okx", "api_secret", os_), op=P("okx", "passphrase", op),
        bk=P("bitget", "api_key", bk, form="options_object"), bs=P("bitget", "api_secret", bs), bp=P("bitget", "passphrase", bp),
        gk=P("gateio", "api_key", gk, form="const"), ga=P("gateio", "api_secret", gs, text=ga, needles=[ga, gb], secrets=[ga, gb], form="concat"),
        gb=V("positive", "gateio", "api_secret", gs, text=gb, needles=[]))
    r.add("src/notify.ts", r'''
        import { Telegraf } from "telegraf";

        const bot = new Telegraf(process.env.BOT_TOKEN || "«tg»");
        const CHAT = Number(process.env.CHAT_ID ?? "0");

        export async function alert(spread: number, path: string[]) {
          await bot.telegram.sendMessage(CHAT, `arb ${path.join(" -> ")} spread=${spread.toFixed(4)}%`);
        }
        ''', "env_fallback", tg=P("telegram", "bot_token", tg))
    sig = base64.b64encode(g.by(32)).decode()
    okx_demo_k, okx_demo_s, okx_demo_p = g.okx()
    r.add("src/okxSign.ts", r'''
        import { createHmac } from "crypto";

        // prehash = timestamp + method + requestPath + body
        // e.g. OK-ACCESS-SIGN: «sig»
        export function sign(ts: string, method: string, path: string, body: string, secret: string): string {
          return createHmac("sha256", secret).update(ts + method + path + body).digest("base64");
        }

        export function headers(ts: string, signature: string) {
          return {
            "OK-ACCESS-KEY": "«dk»",
            "OK-ACCESS-SIGN": signature,
            "OK-ACCESS-TIMESTAMP": ts,
            "OK-ACCESS-PASSPHRASE": `«dp»`,
          };
        }
        ''', "options_object", sig=N("okx", "signature", sig, "hmac_signature", form="comment"), dk=P("okx", "api_key", okx_demo_k),
        dp=P("okx", "passphrase", okx_demo_p, form="template_string"))
    r.add("test/arb.spec.ts", r'''
        import { describe, it, expect } from "vitest";
        import { bestPath } from "../src/arb";

        // fake credentials for unit tests — not real keys
        const fakeKeys = { apiKey: "«fk»", secret: "«fs»" };

        describe("bestPath", () => {
          it("finds triangular path", () => {
            expect(bestPath({ "BTC/USDT": 60000, "ETH/BTC": 0.05, "ETH/USDT": 3010 }, fakeKeys)).toHaveLength(3);
          });
        });
        ''', "options_object", fk=N("okx", "api_key", "test-api-key", "marked_fake"), fs=N("okx", "api_secret", "test-secret", "marked_fake"))
    i1, i2, i3 = g.integrity(), g.integrity(), g.integrity()
    r.add("package-lock.json", r'''
        {
          "name": "ccxt-arb-ts",
          "version": "0.3.1",
          "lockfileVersion": 3,
          "requires": true,
          "packages": {
            "node_modules/ccxt": {
              "version": "4.3.98",
              "resolved": "https://registry.npmjs.org/ccxt/-/ccxt-4.3.98.tgz",
              "integrity": "«i1»"
            },
            "node_modules/telegraf": {
              "version": "4.16.3",
              "resolved": "https://registry.npmjs.org/telegraf/-/telegraf-4.16.3.tgz",
              "integrity": "«i2»"
            },
            "node_modules/ws": {
              "version": "8.18.0",
              "resolved": "https://registry.npmjs.org/ws/-/ws-8.18.0.tgz",
              "integrity": "«i3»"
            }
          }
        }
        ''', "json", i1=N("npm", "integrity", i1, "lockfile_integrity"), i2=N("npm", "integrity", i2, "lockfile_integrity"), i3=N("npm", "integrity", i3, "lockfile_integrity"))
    npm = g.npm()
    r.add(".npmrc", r'''
        @arbdesk:registry=https://npm.pkg.github.com
        //registry.npmjs.org/:_authToken=«npm»
        save-exact=true
        ''', "npmrc", npm=P("npm", "access_token", npm))

def r_go_kraken(c):
    g = c.g; r = c.repo("go-kraken-mm")
    kk, ks = g.kraken(); kk2, ks2 = g.kraken(); kk3, ks3 = g.kraken(); sl = g.slack_hook(); rpw = g.password(20)
    r.add("internal/config/config.go", r'''
        package config

        import "os"

        type KrakenCreds struct {
        	APIKey     string
        	PrivateKey string
        }

        type Config struct {
        	Kraken       KrakenCreds
        	SlackWebhook string
        	Pairs        []string
        }

        func getenv(k, def string) string {
        	if v, ok := os.LookupEnv(k); ok {
        		return v
        	}
        	return def
        }

        var Default = Config{
        	Kraken: KrakenCreds{
        		APIKey:     getenv("KRAKEN_API_KEY", "«kk»"),
        		PrivateKey: getenv("KRAKEN_PRIVATE_KEY", "«ks»"),
        	},
        	SlackWebhook: "«sl»",
        	Pairs:        []string{"XBTUSD", "ETHUSD"},
        }
        ''', "env_fallback", kk=P("kraken", "api_key", kk), ks=P("kraken", "private_key", ks), sl=P("slack", "webhook_url", sl, form="struct_literal"))
    r.add("cmd/mm/main.go", r'''
        package main

        import (
        	"log"
        	"os"

        	krakenapi "github.com/beldur/kraken-go-api-client"
        )

        const redisURL = `redis://:«rpw»@10.0.4.12:6379/0`

        func main() {
        	api := krakenapi.New("«kk2»",
        		"«ks2»")
        	ticker, err := api.Ticker(krakenapi.XXBTZUSD)
        	if err != nil {
        		log.Fatal(err)
        	}
        	log.Printf("bid=%s ask=%s", ticker.XXBTZUSD.Bid[0], ticker.XXBTZUSD.Ask[0])
        	_ = os.Getenv("MM_SPREAD_BPS")
        }
        ''', "ctor_pos", rpw=P("redis", "db_url", urllib.parse.quote(rpw, safe=""), form="url_userinfo", secrets=[rpw]), kk2=P("kraken", "api_key", kk2), ks2=P("kraken", "private_key", ks2))
    h1, h2, h3 = g.b64(32), g.b64(32), g.b64(32)
    r.add("go.sum", r'''
        github.com/beldur/kraken-go-api-client v0.0.0-20230914 h1:«h1»
        github.com/gorilla/websocket v1.5.3 h1:«h2»
        github.com/shopspring/decimal v1.4.0 h1:«h3»
        ''', "gosum", h1=N("go", "module_hash", h1, "lockfile_integrity"), h2=N("go", "module_hash", h2, "lockfile_integrity"), h3=N("go", "module_hash", h3, "lockfile_integrity"))
    r.add("Makefile", r'''
        VERSION ?= $(shell git describe --tags --always)
        BIN := bin/mm

        # quick hack for the demo box, do not ship
        LDFLAGS := -s -w -X main.version=$(VERSION) -X main.krakenKey=«kk3» -X main.krakenSecret=«ks3»

        build:
        	go build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/mm

        test:
        	go test ./...

        .PHONY: build test
        ''', "makefile", kk3=P("kraken", "api_key", kk3), ks3=P("kraken", "private_key", ks3))
    kk4, ks4 = g.kraken()
    r.add("kraken.key", "«a»\n«b»", "keyfile", a=P("kraken", "api_key", kk4), b=P("kraken", "private_key", ks4))

def r_rust_bybit(c):
    g = c.g; r = c.repo("rust-bybit-hft")
    bk, bs = g.bybit(); bk2, bs2 = g.bybit(); tg = g.telegram(); pw = g.password(16)
    r.add("src/main.rs", r'''
        use std::env;

        use teloxide::prelude::*;

        mod signer;

        const BYBIT_KEY: &str = "«bk»";
        const BYBIT_SECRET: &str = "«bs»";

        fn creds() -> (String, String) {
            let key = env::var("BYBIT_API_KEY").unwrap_or_else(|_| "«bk2»".to_string());
            let secret = env::var("BYBIT_API_SECRET").unwrap_or("«bs2»".into());
            (key, secret)
        }

        #[tokio::main]
        async fn main() -> anyhow::Result<()> {
            let (key, secret) = creds();
            let bot = Bot::new("«tg»");
            let client = bybit::Client::new(&key, &secret, BYBIT_KEY.len() > 0);
            client.run().await?;
            bot.send_message(ChatId(0), "hft started").await?;
            Ok(())
        }
        ''', "env_fallback", bk=P("bybit", "api_key", bk, form="const"), bs=P("bybit", "api_secret", bs, form="const"),
        bk2=P("bybit", "api_key", bk2), bs2=P("bybit", "api_secret", bs2), tg=P("telegram", "bot_token", tg, form="ctor_pos"))
    bk3, bs3 = g.bybit()
    r.add("Config.toml", r'''
        [bybit]
        api_key = "«bk3»"
        api_secret = "«bs3»"
        testnet = false
        category = "linear"

        [risk]
        max_notional_usd = 25000
        kill_switch_drawdown = 0.06

        [database]
        url = "postgres://hft:«pw»@127.0.0.1:5432/hft"
        ''', "toml", bk3=P("bybit", "api_key", bk3), bs3=P("bybit", "api_secret", bs3),
        pw=P("postgres", "db_url", urllib.parse.quote(pw, safe=""), form="url_userinfo", secrets=[pw]))
    c1, c2 = g.sha256(), g.sha256()
    r.add("Cargo.lock", r'''
        # This file is automatically @generated by Cargo.
        # It is not intended for manual editing.
        version = 3

        [[package]]
        name = "hmac"
        version = "0.12.1"
        source = "registry+https://github.com/rust-lang/crates.io-index"
        checksum = "«c1»"

        [[package]]
        name = "teloxide"
        version = "0.12.2"
        source = "registry+https://github.com/rust-lang/crates.io-index"
        checksum = "«c2»"
        ''', "toml", c1=N("cargo", "checksum", c1, "lockfile_integrity"), c2=N("cargo", "checksum", c2, "lockfile_integrity"))
    r.add("src/signer.rs", r'''
        use hmac::{Hmac, Mac};
        use sha2::Sha256;

        pub fn sign(secret: &str, payload: &str) -> String {
            let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("key");
            mac.update(payload.as_bytes());
            hex::encode(mac.finalize().into_bytes())
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            // RFC 4231 test case 1
            #[test]
            fn rfc4231_case1() {
                let key = hex::decode("«tv»").unwrap();
                let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
                mac.update(b"Hi There");
                assert_eq!(hex::encode(mac.finalize().into_bytes()), "«tvo»");
            }
        }
        ''', "assignment", tv=N("rfc4231", "hmac_key", "0b" * 20, "test_vector"),
        tvo=N("rfc4231", "hmac_output", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", "test_vector"))

def r_java_okx(c):
    g = c.g; r = c.repo("okx-spring-executor")
    k, s, p = g.okx(); dbpw = g.password(16); mqpw = g.password(14)
    r.add("src/main/resources/application.properties", r'''
        spring.application.name=okx-executor
        server.port=8085
        okx.base-url=https://www.okx.com
        okx.api-key=«k»
        okx.secret-key=«s»
        okx.passphrase=«p»
        okx.simulated=false
        spring.datasource.url=jdbc:postgresql://db.internal:5432/executor
        spring.datasource.username=executor
        spring.datasource.password=«dbpw»
        spring.rabbitmq.host=mq.internal
        spring.rabbitmq.username=okx
        spring.rabbitmq.password=«mqpw»
        management.endpoints.web.exposure.include=health,info
        ''', "properties", k=P("okx", "api_key", k), s=P("okx", "api_secret", s), p=P("okx", "passphrase", p),
        dbpw=P("postgres", "password", dbpw), mqpw=P("rabbitmq", "password", mqpw))
    s2 = g.HEX(32)
    r.add("src/main/resources/application-prod.yml", r'''
        okx:
          api-key: «ek»
          secret-key: ${OKX_SECRET_KEY:«s2»}
          passphrase: «ep»
        spring:
          datasource:
            password: «vault»
        ''', "yaml", ek=N("okx", "api_key", "${OKX_API_KEY}", "env_reference"), s2=P("okx", "api_secret", s2, form="env_fallback"),
        ep=N("okx", "passphrase", "${OKX_PASSPHRASE}", "env_reference"),
        vault=N("postgres", "password", "${vault.secret.db-password}", "secret_manager_ref"))
    k3, s3, p3 = g.okx(); mypw = g.password(15)
    r.add("src/main/java/io/deskquant/okx/OkxClientFactory.java", r'''
        package io.deskquant.okx;

        import java.sql.Connection;
        import java.sql.DriverManager;
        import java.sql.SQLException;

        import org.springframework.context.annotation.Bean;
        import org.springframework.context.annotation.Configuration;

        @Configuration
        public class OkxClientFactory {

            @Bean
            public OkxClient okxClient() {
                return OkxClient.builder()
                        .apiKey("«k3»")
                        .secretKey("«s3»")
                        .passphrase("«p3»")
                        .simulated(false)
                        .build();
            }

            public Connection legacyTradesDb() throws SQLException {
                return DriverManager.getConnection("jdbc:mysql://10.20.0.5:3306/trades?user=okx&password=«mypw»&useSSL=false");
            }
        }
        ''', "builder", k3=P("okx", "api_key", k3), s3=P("okx", "api_secret", s3), p3=P("okx", "passphrase", p3),
        mypw=P("mysql", "password", urllib.parse.quote(mypw, safe=""), form="conn_string", secrets=[mypw]))
    r.add("src/test/java/io/deskquant/okx/SignerTest.java", r'''
        package io.deskquant.okx;

        import static org.junit.jupiter.api.Assertions.assertEquals;

        import org.junit.jupiter.api.Test;

        class SignerTest {
            // dummy credentials, not real — signature below is computed from them
            private static final String SECRET = "«fs»";

            @Test
            void signsPrehash() {
                String sig = Signer.sign(SECRET, "2024-01-01T00:00:00.000Z" + "GET" + "/api/v5/account/balance");
                assertEquals(44, sig.length());
            }
        }
        ''', "const", fs=N("okx", "api_secret", "DUMMY_SECRET_FOR_TESTS", "marked_fake"))

def r_kotlin_kucoin(c):
    g = c.g; r = c.repo("kucoin-android-widget")
    k, s, p = g.kucoin(); mk, ms = g.mexc(); spw = g.password(12); k2, s2, p2 = g.kucoin()
    r.add("app/src/main/kotlin/dev/pocketbot/Secrets.kt", r'''
        package dev.pocketbot

        object Secrets {
            const val KUCOIN_KEY = "«k»"
            const val KUCOIN_SECRET = "«s»"
            const val KUCOIN_PASSPHRASE = "«p»"
        }
        ''', "const", k=P("kucoin", "api_key", k), s=P("kucoin", "api_secret", s), p=P("kucoin", "passphrase", p))
    r.add("app/src/main/kotlin/dev/pocketbot/KucoinRepo.kt", r'''
        package dev.pocketbot

        import okhttp3.OkHttpClient

        class KucoinRepo(
            private val apiKey: String = System.getenv("KUCOIN_API_KEY") ?: "«k2»",
            private val apiSecret: String = System.getenv("KUCOIN_API_SECRET") ?: "«s2»",
            private val passphrase: String = "«p2»",
        ) {
            private val http = OkHttpClient()

            fun balances(): List<Balance> = KucoinApi(http, apiKey, apiSecret, passphrase).accounts()
        }
        ''', "env_fallback", k2=P("kucoin", "api_key", k2), s2=P("kucoin", "api_secret", s2), p2=P("kucoin", "passphrase", p2, form="assignment"))
    r.add("gradle.properties", r'''
        org.gradle.jvmargs=-Xmx2048m -Dfile.encoding=UTF-8
        android.useAndroidX=true
        kotlin.code.style=official
        RELEASE_STORE_PASSWORD=«spw»
        RELEASE_KEY_ALIAS=pocketbot
        ''', "properties", spw=P("android", "keystore_password", spw))
    r.add("local.properties", r'''
        sdk.dir=/Users/mira/Library/Android/sdk
        mexc.key=«mk»
        mexc.secret=«ms»
        ''', "properties", mk=P("mexc", "api_key", mk), ms=P("mexc", "api_secret", ms))
    r.add("app/build.gradle.kts", r'''
        plugins {
            id("com.android.application")
            kotlin("android")
        }

        android {
            namespace = "dev.pocketbot"
            defaultConfig {
                minSdk = 26
                buildConfigField("String", "MEXC_KEY", "\"${project.findProperty("«ref»") ?: ""}\"")
            }
        }
        ''', "assignment", ref=N("mexc", "api_key", "mexc.key", "variable_name"))
    r.add("app/src/main/res/values/strings.xml", r'''
        <resources>
            <string name="app_name">PocketBot</string>
            <string name="«i18n»">API key</string>
            <string name="settings_api_secret_hint">Paste your KuCoin API secret</string>
        </resources>
        ''', "xml", i18n=N("generic", "i18n_key", "settings_api_key_label", "i18n_key"))

def r_csharp_bitget(c):
    g = c.g; r = c.repo("BitgetCopyTrader")
    k, s, p = g.bitget(); k2, s2, p2 = g.bitget(); sqlpw = g.password(16); sb = g.azure_storage("bitgetlogs" + g.s(4, "abcdefghijklmnopqrstuvwxyz"))
    r.add("src/CopyTrader/appsettings.json", r'''
        {
          "Logging": { "LogLevel": { "Default": "Information" } },
          "Bitget": {
            "ApiKey": "«k»",
            "ApiSecret": "«s»",
            "Passphrase": "«p»"
          },
          "ConnectionStrings": {
            "Trades": "Server=tcp:copytrader-sql.database.windows.net,1433;Initial Catalog=trades;User ID=ctadmin;Password=«sqlpw»;Encrypt=True;",
            "Blob": "«sb»"
          }
        }
        ''', "json", k=P("bitget", "api_key", k), s=P("bitget", "api_secret", s), p=P("bitget", "passphrase", p),
        sqlpw=P("mssql", "password", sqlpw, form="conn_string"), sb=P("azure", "storage_connection_string", sb, form="conn_string", needles=[sb.split("AccountKey=")[1].split(";")[0]]))
    r.add("src/CopyTrader/Program.cs", r'''
        using Bitget.Net.Clients;
        using CryptoExchange.Net.Authentication;

        var builder = WebApplication.CreateBuilder(args);

        var apiKey = Environment.GetEnvironmentVariable("BITGET_API_KEY") ?? "«k2»";
        var apiSecret = Environment.GetEnvironmentVariable("BITGET_API_SECRET") ?? "«s2»";

        builder.Services.AddSingleton(_ => new BitgetRestClient(options =>
        {
            options.ApiCredentials = new ApiCredentials(apiKey, apiSecret, @"«p2»");
            options.RequestTimeout = TimeSpan.FromSeconds(10);
        }));

        var app = builder.Build();
        app.MapGet("/health", () => Results.Ok("ok"));
        app.Run();
        ''', "env_fallback", k2=P("bitget", "api_key", k2), s2=P("bitget", "api_secret", s2), p2=P("bitget", "passphrase", p2, form="ctor_pos"))
    r.add("src/CopyTrader/appsettings.Production.json", r'''
        {
          "Bitget": {
            "ApiKey": "«kv1»",
            "ApiSecret": "«kv2»"
          }
        }
        ''', "json", kv1=N("bitget", "api_key", "@Microsoft.KeyVault(SecretUri=https://ct-prod-kv.vault.azure.net/secrets/bitget-api-key/)", "secret_manager_ref"),
        kv2=N("bitget", "api_secret", "@Microsoft.KeyVault(VaultName=ct-prod-kv;SecretName=bitget-api-secret)", "secret_manager_ref"))
    usid = g.uuid(); tg = g.telegram()
    r.add("src/CopyTrader/CopyTrader.csproj", r'''
        <Project Sdk="Microsoft.NET.Sdk.Web">
          <PropertyGroup>
            <TargetFramework>net8.0</TargetFramework>
            <Nullable>enable</Nullable>
            <UserSecretsId>«usid»</UserSecretsId>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="JK.Bitget.Net" Version="1.9.0" />
            <PackageReference Include="Telegram.Bot" Version="19.0.0" />
          </ItemGroup>
        </Project>
        ''', "xml", usid=N("dotnet", "user_secrets_id", usid, "uuid_id"))
    r.add("src/CopyTrader/Notifier.cs", r'''
        using Telegram.Bot;

        namespace CopyTrader;

        public sealed class Notifier
        {
            private readonly TelegramBotClient _bot = new TelegramBotClient(token: "«tg»");
            private const long ChatId = «chat»;

            public Task SendAsync(string text) => _bot.SendTextMessageAsync(ChatId, text);
        }
        ''', "ctor_kw", tg=P("telegram", "bot_token", tg), chat=N("telegram", "chat_id", "-100" + g.digits(10), "chat_id", form="const"))

def r_vbnet_gate(c):
    g = c.g; r = c.repo("gate-vb-desk")
    k, s = g.gate(); k2, s2 = g.gate(); pw = g.password(14); smtp = g.password(16)
    r.add("GateDesk/Module1.vb", r'''
        Imports Io.Gate.GateApi.Api
        Imports Io.Gate.GateApi.Client

        Module Module1
            Private Const GateKey As String = "«k»"
            Private Const GateSecret As String = "«s»"

            Sub Main()
                Dim config As New Configuration()
                config.SetGateApiV4KeyPair(GateKey, GateSecret)
                Dim spot As New SpotApi(config)
                Dim tickers = spot.ListTickers("BTC_USDT")
                Console.WriteLine(tickers(0).Last)
            End Sub
        End Module
        ''', "const", k=P("gateio", "api_key", k), s=P("gateio", "api_secret", s))
    r.add("GateDesk/App.config", r'''
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <appSettings>
            <add key="GateApiKey" value="«k2»" />
            <add key="GateApiSecret" value="«s2»" />
            <add key="SmtpHost" value="smtp.office365.com" />
            <add key="SmtpPassword" value="«smtp»" />
          </appSettings>
          <connectionStrings>
            <add name="DeskDb" connectionString="Data Source=DESK-SQL01;Initial Catalog=GateDesk;User ID=desk;Password=«pw»" providerName="System.Data.SqlClient" />
          </connectionStrings>
        </configuration>
        ''', "xml", k2=P("gateio", "api_key", k2), s2=P("gateio", "api_secret", s2), smtp=P("smtp", "password", smtp),
        pw=P("mssql", "password", pw, form="conn_string"))
    r.add("GateDesk/Settings.vb", r'''
        Public Class Settings
            ' read from App.config; never hardcode here
            Public Shared ReadOnly Property ApiKey As String = ConfigurationManager.AppSettings("«nm»")
            Public Shared Property ApiSecret As String = String.Empty
        End Class
        ''', "assignment", nm=N("gateio", "api_key", "GateApiKey", "variable_name"))

def r_fsharp_deribit(c):
    g = c.g; r = c.repo("deribit-fsharp-vol")
    cid, cs = g.deribit(); cid2, cs2 = g.deribit()
    r.add("src/Config.fs", r'''
        module Config

        open System

        type DeribitCreds = { ClientId: string; ClientSecret: string; Testnet: bool }

        let envOr name fallback =
            Environment.GetEnvironmentVariable name |> Option.ofObj |> Option.defaultValue fallback

        let creds =
            { ClientId = envOr "DERIBIT_CLIENT_ID" "«cid»"
              ClientSecret = envOr "DERIBIT_CLIENT_SECRET" "«cs»"
              Testnet = false }
        ''', "env_fallback", cid=P("deribit", "client_id", cid), cs=P("deribit", "client_secret", cs))
    r.add("scripts/auth.fsx", r'''
        #r "nuget: FSharp.Data"
        open FSharp.Data

        let clientId = "«cid2»"
        let clientSecret = "«cs2»"

        let url =
            sprintf "https://www.deribit.com/api/v2/public/auth?grant_type=client_credentials&client_id=%s&client_secret=%s" clientId clientSecret
        let resp = Http.RequestString url
        printfn "%s" resp
        ''', "assignment", cid2=P("deribit", "client_id", cid2), cs2=P("deribit", "client_secret", cs2))
    tok = g.jwt_token(g.hex(32), "deribit-" + g.digits(6))
    r.add("scripts/session.log", r'''
        2024-11-02T09:14:03Z INFO  auth ok, scope=account:read_write trade:read_write
        2024-11-02T09:14:03Z DEBUG access_token=«tok»
        2024-11-02T09:14:04Z INFO  subscribed book.BTC-PERPETUAL.100ms
        ''', "log_line", tok=P("deribit", "access_token", tok))

def r_php_mexc(c):
    g = c.g; r = c.repo("laravel-mexc-signals")
    ak = g.laravel(); dbpw = g.password(16); mk, ms = g.mexc(); mk2, ms2 = g.mexc(); rpw = g.password(20); mailpw = g.password(16); pusher = g.hex(20)
    r.add(".env", r'''
        APP_NAME="MEXC Signals"
        APP_ENV=production
        APP_KEY=«ak»
        APP_DEBUG=false
        APP_URL=https://signals.example.org

        DB_CONNECTION=mysql
        DB_HOST=127.0.0.1
        DB_PORT=3306
        DB_DATABASE=signals
        DB_USERNAME=signals
        DB_PASSWORD=«dbpw»

        REDIS_HOST=127.0.0.1
        REDIS_PASSWORD=«rpw»
        REDIS_PORT=6379

        MAIL_MAILER=smtp
        MAIL_HOST=smtp.mailgun.org
        MAIL_USERNAME=postmaster@mg.signals.example.org
        MAIL_PASSWORD=«mailpw»

        MEXC_KEY=«mk»
        MEXC_SECRET=«ms»
        ''', "dotenv", ak=P("laravel", "app_key", ak), dbpw=P("mysql", "password", dbpw), rpw=P("redis", "password", rpw),
        mailpw=P("smtp", "password", mailpw), mk=P("mexc", "api_key", mk), ms=P("mexc", "api_secret", ms))
    r.add("config/services.php", r'''
        <?php

        return [
            'mexc' => [
                'key' => env('MEXC_KEY', '«mk2»'),
                'secret' => env('MEXC_SECRET', '«ms2»'),
                'base_url' => 'https://api.mexc.com',
            ],
            'telegram' => [
                'token' => env('TELEGRAM_BOT_TOKEN'),
            ],
        ];
        ''', "env_fallback", mk2=P("mexc", "api_key", mk2), ms2=P("mexc", "api_secret", ms2))
    k3, s3 = g.mexc(); tg = g.telegram()
    r.add("app/Console/Commands/PollSignals.php", r'''
        <?php

        namespace App\Console\Commands;

        use Illuminate\Console\Command;

        class PollSignals extends Command
        {
            protected $signature = 'signals:poll';

            public function handle(): int
            {
                $exchange = new \ccxt\mexc([
                    'apiKey' => '«k3»',
                    'secret' => '«s3»',
                ]);
                $msg = <<<EOT
                Signal fired for {$this->argument('pair')}
                EOT;
                $url = "https://api.telegram.org/bot«tg»/sendMessage";
                \Http::post($url, ['chat_id' => config('services.telegram.chat'), 'text' => $msg]);
                return self::SUCCESS;
            }
        }
        ''', "options_object", k3=P("mexc", "api_key", k3), s3=P("mexc", "api_secret", s3), tg=P("telegram", "bot_token", tg, form="url_path"))
    r.add(".env.example", r'''
        APP_KEY=
        DB_PASSWORD=«a»
        MEXC_KEY=«b»
        MEXC_SECRET=«c»
        ''', "dotenv", a=N("mysql", "password", "secret", "placeholder"), b=N("mexc", "api_key", "mx0xxxxxxxxxxxxxxxx", "placeholder"),
        c=N("mexc", "api_secret", "changeme", "placeholder"))

def r_ruby_gemini(c):
    g = c.g; r = c.repo("rails-gemini-dca")
    mkey = g.hex(32); gk, gs = g.gemini(); gk2, gs2 = g.gemini(); dbpw = g.password(16); skb = g.rails()
    r.add("config/master.key", "«m»", "keyfile", m=P("rails", "master_key", mkey))
    r.add("config/database.yml", r'''
        default: &default
          adapter: postgresql
          encoding: unicode
          pool: <%= ENV.fetch("RAILS_MAX_THREADS") { 5 } %>

        development:
          <<: *default
          database: gemini_dca_development

        production:
          <<: *default
          database: gemini_dca
          username: gemini_dca
          password: «dbpw»
          host: pg-prod.internal
        ''', "yaml", dbpw=P("postgres", "password", dbpw))
    r.add("config/secrets.yml", r'''
        production:
          secret_key_base: «skb»
          gemini_api_key: <%= ENV["GEMINI_API_KEY"] %>
        ''', "yaml", skb=P("rails", "secret_key_base", skb))
    r.add("lib/gemini_client.rb", r'''
        require "openssl"
        require "base64"
        require "json"
        require "net/http"

        class GeminiClient
          API_KEY = ENV.fetch("GEMINI_API_KEY") { "«gk»" }
          API_SECRET = ENV.fetch("GEMINI_API_SECRET", "«gs»")

          def initialize(key: API_KEY, secret: API_SECRET)
            @key, @secret = key, secret
          end

          def headers(payload)
            b64 = Base64.strict_encode64(payload.to_json)
            sig = OpenSSL::HMAC.hexdigest("SHA384", @secret, b64)
            { "X-GEMINI-APIKEY" => @key, "X-GEMINI-PAYLOAD" => b64, "X-GEMINI-SIGNATURE" => sig }
          end
        end

        # GeminiClient.new(key: "«gk2»", secret: "«gs2»")
        ''', "env_fallback", gk=P("gemini", "api_key", gk), gs=P("gemini", "api_secret", gs),
        gk2=P("gemini", "api_key", gk2, form="comment"), gs2=P("gemini", "api_secret", gs2, form="comment"))
    gk3, _ = g.gemini(); sig = g.hex(96); payload = base64.b64encode(json.dumps({"request": "/v1/balances", "nonce": 1699999999123}).encode()).decode()
    r.add("spec/cassettes/gemini_balances.yml", r'''
        ---
        http_interactions:
        - request:
            method: post
            uri: https://api.gemini.com/v1/balances
            body:
              encoding: UTF-8
              string: ''
            headers:
              X-Gemini-Apikey:
              - «gk3»
              X-Gemini-Payload:
              - «pl»
              X-Gemini-Signature:
              - «sig»
          response:
            status:
              code: 200
              message: OK
            body:
              encoding: UTF-8
              string: '[{"type":"exchange","currency":"BTC","amount":"0.0412","available":"0.0412"}]'
          recorded_at: Tue, 05 Nov 2024 10:12:44 GMT
        recorded_with: VCR 6.2.0
        ''', "vcr_cassette", gk3=P("gemini", "api_key", gk3), pl=N("gemini", "payload", payload, "encoded_payload"),
        sig=N("gemini", "signature", sig, "hmac_signature"))
    r.add("spec/spec_helper.rb", r'''
        require "vcr"

        VCR.configure do |c|
          c.cassette_library_dir = "spec/cassettes"
          c.hook_into :webmock
          c.filter_sensitive_data("<GEMINI_API_KEY>") { ENV["GEMINI_API_KEY"] }
        end
        ''')

def r_elixir_bitstamp(c):
    g = c.g; r = c.repo("bitstamp_ex_bot")
    k, s, uid = g.bitstamp(); k2, s2, uid2 = g.bitstamp(); skb = g.b64(48); dbpw = g.password(16)
    r.add("config/runtime.exs", r'''
        import Config

        config :bitstamp_bot, BitstampBot.Api,
          key: System.get_env("BITSTAMP_KEY", "«k»"),
          secret: System.get_env("BITSTAMP_SECRET") || "«s»",
          customer_id: System.get_env("BITSTAMP_CUSTOMER_ID", "«uid»")

        config :bitstamp_bot, BitstampBotWeb.Endpoint,
          secret_key_base: "«skb»"

        config :bitstamp_bot, BitstampBot.Repo,
          url: "ecto://bot:«dbpw»@localhost/bitstamp_bot_prod",
          pool_size: 10
        ''', "env_fallback", k=P("bitstamp", "api_key", k), s=P("bitstamp", "api_secret", s), uid=N("bitstamp", "customer_id", uid, "account_id"),
        skb=P("phoenix", "secret_key_base", skb, form="assignment"), dbpw=P("postgres", "db_url", urllib.parse.quote(dbpw, safe=""), form="url_userinfo", secrets=[dbpw]))
    r.add("lib/bitstamp_bot/api.ex", r'''
        defmodule BitstampBot.Api do
          @moduledoc """
          Thin Req wrapper around Bitstamp v2.

          Example:

              iex> BitstampBot.Api.balance(%{key: "«k2»", secret: "«s2»"})
          """

          @base "https://www.bitstamp.net/api/v2"

          def balance(%{key: key, secret: secret}) do
            nonce = System.unique_integer([:positive]) |> Integer.to_string()
            Req.post!(@base <> "/balance/", headers: auth_headers(key, secret, nonce))
          end
        end
        ''', "heredoc", k2=P("bitstamp", "api_key", k2), s2=P("bitstamp", "api_secret", s2))

def r_erlang_htx(c):
    g = c.g; r = c.repo("htx_feed_erl")
    a, s = g.htx(); a2, s2 = g.htx()
    r.add("config/sys.config", r'''
        [
         {htx_feed, [
           {access_key, "«a»"},
           {secret_key, "«s»"},
           {symbols, [<<"btcusdt">>, <<"ethusdt">>]},
           {ws_url, "wss://api.huobi.pro/ws/v2"}
         ]},
         {kernel, [{logger_level, info}]}
        ].
        ''', "tuple_config", a=P("htx", "access_key", a), s=P("htx", "secret_key", s))
    r.add("src/htx_auth.hrl", r'''
        -define(HTX_ACCESS_KEY, "«a2»").
        -define(HTX_SECRET_KEY, "«s2»").
        -define(SIGN_METHOD, "HmacSHA256").
        ''', "define", a2=P("htx", "access_key", a2), s2=P("htx", "secret_key", s2))
    a3, s3 = g.htx()
    r.add("src/htx_feed_app.erl", r'''
        -module(htx_feed_app).
        -behaviour(application).
        -export([start/2, stop/1]).

        start(_Type, _Args) ->
            Key = os:getenv("HTX_ACCESS_KEY", "«a3»"),
            Secret = os:getenv("HTX_SECRET_KEY", "«s3»"),
            htx_feed_sup:start_link(#{key => Key, secret => Secret}).

        stop(_State) ->
            ok.
        ''', "env_fallback", a3=P("htx", "access_key", a3), s3=P("htx", "secret_key", s3))

def r_clojure_bitvavo(c):
    g = c.g; r = c.repo("bitvavo-clj-rebalancer")
    k, s = g.bitvavo(); k2, s2 = g.bitvavo()
    r.add("resources/config.edn", r'''
        {:bitvavo {:api-key "«k»"
                   :api-secret "«s»"
                   :operator-id 1001
                   :rest-url "https://api.bitvavo.com/v2"}
         :targets {"BTC" 0.5 "ETH" 0.3 "EUR" 0.2}
         :dry-run? false}
        ''', "map_literal", k=P("bitvavo", "api_key", k), s=P("bitvavo", "api_secret", s))
    r.add("src/rebalancer/core.clj", r'''
        (ns rebalancer.core
          (:require [clj-http.client :as http]
                    [clojure.edn :as edn]))

        (def api-key (or (System/getenv "BITVAVO_API_KEY") "«k2»"))
        (def api-secret (or (System/getenv "BITVAVO_API_SECRET")
                            "«s2»"))

        (defn balances []
          (http/get "https://api.bitvavo.com/v2/balance"
                    {:headers (sign-headers api-key api-secret "GET" "/v2/balance")
                     :as :json}))
        ''', "env_fallback", k2=P("bitvavo", "api_key", k2), s2=P("bitvavo", "api_secret", s2))
    r.add("project.clj", r'''
        (defproject rebalancer "0.2.0"
          :dependencies [[org.clojure/clojure "1.11.1"]
                         [clj-http "3.12.3"]]
          :main rebalancer.core
          :profiles {:dev {:env {:bitvavo-api-key "«ph»"}}})
        ''', "map_literal", ph=N("bitvavo", "api_key", "REPLACE_ME", "placeholder"))

def r_haskell_phemex(c):
    g = c.g; r = c.repo("phemex-hs-funding")
    k, s = g.phemex(); k2, s2 = g.phemex()
    r.add("src/Config.hs", r'''
        {-# LANGUAGE OverloadedStrings #-}
        module Config (Creds(..), defaultCreds, loadCreds) where

        import Data.Text (Text)
        import qualified Data.Text as T
        import System.Environment (lookupEnv)
        import Data.Maybe (fromMaybe)

        data Creds = Creds
          { credKey    :: Text
          , credSecret :: Text
          } deriving (Show)

        defaultCreds :: Creds
        defaultCreds = Creds
          { credKey    = "«k»"
          , credSecret = "«s»"
          }

        loadCreds :: IO Creds
        loadCreds = do
          k <- fromMaybe "«k2»" <$> lookupEnv "PHEMEX_API_KEY"
          s <- fromMaybe "«s2»" <$> lookupEnv "PHEMEX_API_SECRET"
          pure (Creds (T.pack k) (T.pack s))
        ''', "struct_literal", k=P("phemex", "api_key", k), s=P("phemex", "api_secret", s),
        k2=P("phemex", "api_key", k2, form="env_fallback"), s2=P("phemex", "api_secret", s2, form="env_fallback"))
    r.add("stack.yaml", r'''
        resolver: lts-22.7
        packages:
          - .
        extra-deps:
          - req-3.13.2@sha256:«h»,2841
        ''', "yaml", h=N("hackage", "package_hash", g.sha256(), "hash_sha256"))

def r_ocaml_whitebit(c):
    g = c.g; r = c.repo("whitebit-ocaml-mm")
    k, s = g.whitebit(); k2, s2 = g.whitebit()
    r.add("bin/main.ml", r'''
        open Lwt.Syntax

        let api_key = "«k»"
        let api_secret = "«s»"

        let env_or name default =
          match Sys.getenv_opt name with Some v -> v | None -> default

        let creds () =
          ( env_or "WHITEBIT_KEY" "«k2»",
            env_or "WHITEBIT_SECRET" "«s2»" )

        let () =
          Lwt_main.run
            (let* bal = Whitebit.balance ~key:api_key ~secret:api_secret in
             Lwt_io.printlf "balance: %s" bal)
        ''', "assignment", k=P("whitebit", "api_key", k), s=P("whitebit", "api_secret", s),
        k2=P("whitebit", "api_key", k2, form="env_fallback"), s2=P("whitebit", "api_secret", s2, form="env_fallback"))
    r.add("bin/dune", r'''
        (executable
         (name main)
         (libraries lwt.unix cohttp-lwt-unix yojson digestif))
        ''')

def r_scala_upbit(c):
    g = c.g; r = c.repo("upbit-akka-streams")
    a, s = g.upbit(); a2, s2 = g.upbit(); pw = g.password(16)
    r.add("src/main/resources/application.conf", r'''
        upbit {
          access-key = "«a»"
          secret-key = "«s»"
          access-key = «er»
          rest = "https://api.upbit.com/v1"
        }

        slick.dbs.default {
          profile = "slick.jdbc.PostgresProfile$"
          db.url = "jdbc:postgresql://localhost/upbit?user=upbit&password=«pw»"
        }
        ''', "hocon", a=P("upbit", "access_key", a), s=P("upbit", "secret_key", s), er=N("upbit", "access_key", "${?UPBIT_ACCESS_KEY}", "env_reference"), pw=P("postgres", "password", urllib.parse.quote(pw, safe=""), form="conn_string", secrets=[pw]))
    r.add("src/main/scala/upbit/Auth.scala", r'''
        package upbit

        import pdi.jwt.{Jwt, JwtAlgorithm, JwtClaim}

        object Auth {
          private val accessKey = sys.env.getOrElse("UPBIT_ACCESS_KEY", "«a2»")
          private val secretKey = sys.env.getOrElse("UPBIT_SECRET_KEY", "«s2»")

          def token(nonce: String): String =
            Jwt.encode(JwtClaim(s"""{"access_key":"$accessKey","nonce":"$nonce"}"""), secretKey, JwtAlgorithm.HS256)
        }
        ''', "env_fallback", a2=P("upbit", "access_key", a2), s2=P("upbit", "secret_key", s2))

def r_swift_alpaca(c):
    g = c.g; r = c.repo("AlpacaPocket-ios")
    k, s = g.alpaca(); k2, s2 = g.alpaca(live=True); sentry = g.hex(32)
    r.add("AlpacaPocket/Config.swift", r'''
        import Foundation

        enum AlpacaConfig {
            static let keyID = "«k»"
            static let secretKey = "«s»"
            static let baseURL = URL(string: "https://paper-api.alpaca.markets")!
        }

        struct Credentials {
            let keyID: String
            let «sv»: String
        }

        let liveCreds = Credentials(keyID: "«k2»", secret: "«s2»")
        ''', "const", k=P("alpaca", "api_key_id", k), s=P("alpaca", "api_secret_key", s),
        k2=P("alpaca", "api_key_id", k2, form="ctor_kw"), sv=N("alpaca", "api_secret_key", "secret", "variable_name", form="type_declaration"), s2=P("alpaca", "api_secret_key", s2, form="ctor_kw"))
    k3, s3 = g.alpaca()
    r.add("AlpacaPocket/Info.plist", r'''
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
        <plist version="1.0">
        <dict>
            <key>CFBundleIdentifier</key>
            <string>dev.pocket.alpaca</string>
            <key>APCA_API_KEY_ID</key>
            <string>«k3»</string>
            <key>APCA_API_SECRET_KEY</key>
            <string>«s3»</string>
            <key>SENTRY_DSN</key>
            <string>https://«sentry»@o450123.ingest.sentry.io/5512345</string>
        </dict>
        </plist>
        ''', "plist", k3=P("alpaca", "api_key_id", k3), s3=P("alpaca", "api_secret_key", s3), sentry=N("sentry", "dsn_public_key", sentry, "public_key", form="url_userinfo"))
    r.add("AlpacaPocket/Base.lproj/Localizable.strings", r'''
        "«i1»" = "API Key ID";
        "settings.api_secret.placeholder" = "Paste your secret key";
        ''', "i18n", i1=N("generic", "i18n_key", "settings.api_key_id.title", "i18n_key"))

def r_dart_korea(c):
    g = c.g; r = c.repo("kimchi_premium_flutter")
    ua, us = g.upbit(); ca, cs = g.coinone(); kid, ksec = g.korbit(); bk, bs = g.bithumb()
    r.add("lib/secrets.dart", r'''
        // ignore_for_file: constant_identifier_names
        const UPBIT_ACCESS_KEY = '«ua»';
        const UPBIT_SECRET_KEY = '«us»';

        const coinoneAccessToken = '«ca»';
        const coinoneSecretKey = '«cs»';

        final korbit = KorbitCredentials(
          clientId: '«kid»',
          clientSecret: '«ksec»',
        );
        ''', "const", ua=P("upbit", "access_key", ua), us=P("upbit", "secret_key", us), ca=P("coinone", "access_token", ca), cs=P("coinone", "secret_key", cs),
        kid=P("korbit", "client_id", kid, form="ctor_kw"), ksec=P("korbit", "client_secret", ksec, form="ctor_kw"))
    r.add("lib/bithumb_client.dart", r'''
        import 'dart:io';

        class BithumbClient {
          BithumbClient()
              : apiKey = Platform.environment['BITHUMB_API_KEY'] ?? '«bk»',
                secret = Platform.environment['BITHUMB_SECRET'] ?? '«bs»';

          final String apiKey;
          final String secret;
        }
        ''', "env_fallback", bk=P("bithumb", "api_key", bk), bs=P("bithumb", "api_secret", bs))
    r.add("pubspec.lock", r'''
        packages:
          crypto:
            dependency: "direct main"
            description:
              name: crypto
              sha256: "«h1»"
              url: "https://pub.dev"
            source: hosted
            version: "3.0.3"
          http:
            dependency: "direct main"
            description:
              name: http
              sha256: "«h2»"
              url: "https://pub.dev"
            source: hosted
            version: "1.2.1"
        ''', "yaml", h1=N("pub", "package_hash", g.sha256(), "lockfile_integrity"), h2=N("pub", "package_hash", g.sha256(), "lockfile_integrity"))

def r_lua_bithumb(c):
    g = c.g; r = c.repo("lua-bithumb-ticker")
    k, s = g.bithumb(); k2, s2 = g.bithumb(); dh = g.discord_hook()
    r.add("config.lua", r'''
        return {
          bithumb = {
            api_key = "«k»",
            secret = "«s»",
          },
          discord_webhook = "«dh»",
          poll_seconds = 5,
        }
        ''', "table_literal", k=P("bithumb", "api_key", k), s=P("bithumb", "api_secret", s), dh=P("discord", "webhook_url", dh))
    r.add("ticker.lua", r'''
        local http = require("socket.http")
        local cfg = require("config")

        local key = os.getenv("BITHUMB_KEY") or "«k2»"
        local secret = os.getenv("BITHUMB_SECRET") or [[«s2»]]

        local function poll()
          local body = http.request("https://api.bithumb.com/public/ticker/BTC_KRW")
          return body
        end

        while true do
          print(poll())
          os.execute("sleep " .. cfg.poll_seconds)
        end
        ''', "env_fallback", k2=P("bithumb", "api_key", k2), s2=P("bithumb", "api_secret", s2))

def r_r_oanda(c):
    g = c.g; r = c.repo("oanda-r-carry")
    t1 = g.oanda(); t2 = g.oanda(); acct = g.oanda_account(); acct2 = g.oanda_account()
    r.add("R/oanda.R", r'''
        library(httr)
        library(jsonlite)

        oanda_token <- Sys.getenv("OANDA_TOKEN", unset = "«t1»")
        account_id <- "«acct»"

        candles <- function(instrument, granularity = "H1", count = 500) {
          res <- GET(
            sprintf("https://api-fxpractice.oanda.com/v3/instruments/%s/candles", instrument),
            add_headers(Authorization = paste("Bearer", oanda_token)),
            query = list(granularity = granularity, count = count)
          )
          fromJSON(content(res, "text"))
        }
        ''', "env_fallback", t1=P("oanda", "access_token", t1), acct=N("oanda", "account_id", acct, "account_id", form="assignment"))
    r.add(".Renviron", r'''
        OANDA_TOKEN=«t2»
        OANDA_ACCOUNT=«acct2»
        R_MAX_VSIZE=16Gb
        ''', "dotenv", t2=P("oanda", "access_token", t2), acct2=N("oanda", "account_id", acct2, "account_id"))
    t3 = g.oanda()
    r.add("analysis/carry.Rmd", r'''
        ---
        title: "G10 carry backtest"
        output: html_document
        ---

        ```{r setup}
        source("../R/oanda.R")
        # token from the shared practice account, 2024-06
        Sys.setenv(OANDA_TOKEN = "«t3»")
        ```

        Pairs are ranked by the 3M rate differential and rebalanced weekly.
        ''', "markdown_code", t3=P("oanda", "access_token", t3))

def r_julia_tradier(c):
    g = c.g; r = c.repo("TradierOptions.jl")
    t = g.tradier(); t2 = g.tradier(); acct = "VA" + g.digits(8)
    r.add("src/client.jl", r'''
        module Client

        using HTTP, JSON3

        const TOKEN = get(ENV, "TRADIER_ACCESS_TOKEN", "«t»")
        const ACCOUNT = "«acct»"
        const BASE = "https://api.tradier.com/v1"

        function chains(symbol, expiration)
            r = HTTP.get("$BASE/markets/options/chains";
                         query = ["symbol" => symbol, "expiration" => expiration, "greeks" => "true"],
                         headers = ["Authorization" => "Bearer $TOKEN", "Accept" => "application/json"])
            JSON3.read(r.body)
        end

        end
        ''', "env_fallback", t=P("tradier", "access_token", t), acct=N("tradier", "account_id", acct, "account_id", form="const"))
    r.add("scripts/smoke.jl", r'''
        using HTTP
        headers = Dict("Authorization" => "Bearer «t2»")
        println(String(HTTP.get("https://sandbox.tradier.com/v1/user/profile"; headers).body))
        ''', "http_header", t2=P("tradier", "access_token", t2))

def r_perl_coinone(c):
    g = c.g; r = c.repo("coinone-perl-arb")
    a, s = g.coinone(); a2, s2 = g.coinone()
    r.add("lib/Coinone/Client.pm", r'''
        package Coinone::Client;
        use strict;
        use warnings;
        use Digest::SHA qw(hmac_sha512_hex);
        use MIME::Base64;

        my $ACCESS_TOKEN = $ENV{COINONE_ACCESS_TOKEN} // '«a»';
        my $SECRET_KEY   = $ENV{COINONE_SECRET_KEY} || "«s»";

        sub new {
            my ($class, %args) = @_;
            return bless { token => $args{token} // $ACCESS_TOKEN, secret => $args{secret} // $SECRET_KEY }, $class;
        }

        1;
        ''', "env_fallback", a=P("coinone", "access_token", a), s=P("coinone", "secret_key", s))
    r.add("bin/arb.pl", r'''
        #!/usr/bin/env perl
        use strict;
        use warnings;
        use lib 'lib';
        use Coinone::Client;

        my $client = Coinone::Client->new(
            token  => '«a2»',
            secret => '«s2»',
        );

        my $report = <<"END_REPORT";
        coinone arb run finished
        END_REPORT
        print $report;
        ''', "ctor_kw", a2=P("coinone", "access_token", a2), s2=P("coinone", "secret_key", s2))

def r_powershell_ib(c):
    g = c.g; r = c.repo("ibkr-gateway-win")
    pw = g.password(14); vnc = g.password(10); pw2 = g.password(15); acct = "DU" + g.digits(7); acct2 = "U" + g.digits(7)
    r.add("deploy/Start-Gateway.ps1", r'''
        param(
            [string]$TradingMode = "paper"
        )

        $env:TWS_USERID = "deskquant01"
        $env:TWS_PASSWORD = "«pw»"
        if (-not $env:VNC_SERVER_PASSWORD) { $env:VNC_SERVER_PASSWORD = '«vnc»' }

        $securePw = ConvertTo-SecureString "«pw2»" -AsPlainText -Force
        $cred = New-Object System.Management.Automation.PSCredential("deskquant01", $securePw)

        $apiSecret = $env:«envref»
        Write-Host "Starting IB Gateway for account «acct» in $TradingMode mode"
        docker compose -f ..\docker-compose.yml up -d ib-gateway
        ''', "assignment", pw=P("interactive_brokers", "password", pw), vnc=P("interactive_brokers", "vnc_password", vnc, form="env_fallback"),
        pw2=P("interactive_brokers", "password", pw2, form="ctor_pos"), envref=N("interactive_brokers", "api_secret", "IBKR_API_SECRET", "env_reference"),
        acct=N("interactive_brokers", "account_id", acct, "account_id", form="string"))
    pw3 = g.password(14)
    r.add("docker-compose.yml", r'''
        services:
          ib-gateway:
            image: ghcr.io/gnzsnz/ib-gateway:10.30.1
            restart: always
            environment:
              TWS_USERID: deskquant01
              TWS_PASSWORD: «pw3»
              TRADING_MODE: live
              VNC_SERVER_PASSWORD: «vnc»
              TWS_ACCEPT_INCOMING: accept
            ports:
              - "127.0.0.1:4001:4003"
              - "127.0.0.1:5900:5900"
        ''', "compose", pw3=P("interactive_brokers", "password", pw3), vnc=P("interactive_brokers", "vnc_password", vnc))
    r.add("ibc/config.ini", r'''
        # IBC config
        IbLoginId=deskquant01
        IbPassword=«pw»
        TradingMode=paper
        AcceptIncomingConnectionAction=accept
        ReadOnlyApi=no
        ''', "ini", pw=P("interactive_brokers", "password", pw))
    r.add("strategies/pairs.py", r'''
        from ib_insync import IB, Stock

        ib = IB()
        ib.connect("127.0.0.1", 4001, clientId=17)
        ACCOUNT = "«acct2»"

        ko, pep = Stock("KO", "SMART", "USD"), Stock("PEP", "SMART", "USD")
        ib.qualifyContracts(ko, pep)
        ''', "assignment", acct2=N("interactive_brokers", "account_id", acct2, "account_id"))

def r_bash_ops(c):
    g = c.g; r = c.repo("desk-ops-scripts")
    bk, bs = g.binance(); sig = g.hex(64); pgpw = g.password(16); dck = g.dockerhub(); ak, asec = g.aws(); gh = g.github(); pk = g.evm_pk()
    ts = "1717171717123"
    r.add("home/trader/.bash_history", r'''
        cd ~/bots/grid
        git pull
        export BINANCE_API_KEY=«bk»
        export BINANCE_API_SECRET='«bs»'
        curl -s -H "X-MBX-APIKEY: «bk»" "https://api.binance.com/api/v3/account?timestamp=1717171717123&signature=«sig»"
        psql "postgresql://trader:«pgpw»@db.internal:5432/trades" -c 'select count(*) from fills'
        docker login -u deskbot -p «dck»
        aws configure set aws_access_key_id «ak»
        aws configure set aws_secret_access_key «asec»
        git clone https://deskbot:«gh»@github.com/deskquant/infra.git
        cast send 0x6B175474E89094C44Da98b954EedeAC495271d0F "approve(address,uint256)" 0xE592427A0AEce92De3Edee1F18E0157C05861564 1000 --private-key «pk»
        htop
        exit
        ''', "shell_history", bk=P("binance", "api_key", bk), bs=P("binance", "api_secret", bs),
        sig=N("binance", "signature", sig, "hmac_signature"), pgpw=P("postgres", "db_url", urllib.parse.quote(pgpw, safe=""), form="url_userinfo", secrets=[pgpw]),
        dck=P("dockerhub", "access_token", dck, form="cli_flag"), ak=P("aws", "access_key_id", ak), asec=P("aws", "secret_access_key", asec),
        gh=P("github", "pat", gh, form="url_userinfo"), pk=P("ethereum", "private_key", "0x" + pk, form="cli_flag"))
    kpw = g.password(18); ghp2 = g.github(); pypi = g.pypi(); pg2 = g.password(16)
    r.add("home/trader/.netrc", r'''
        machine api.kraken.com
          login deskquant
          password «kpw»
        machine github.com login deskbot password «ghp2»
        ''', "netrc", kpw=P("kraken", "account_password", kpw), ghp2=P("github", "pat", ghp2))
    r.add("home/trader/.pgpass", r'''
        # hostname:port:database:username:password
        db.internal:5432:trades:trader:«pg2»
        *:5432:*:readonly:«ro»
        ''', "pgpass", pg2=P("postgres", "password", pg2), ro=P("postgres", "password", g.password(12)))
    r.add("home/trader/.git-credentials", "https://deskbot:«t»@github.com", "git_credentials", t=P("github", "pat", g.github_pat()))
    r.add("home/trader/.pypirc", r'''
        [distutils]
        index-servers =
            pypi

        [pypi]
        username = __token__
        password = «pypi»
        ''', "pypirc", pypi=P("pypi", "api_token", pypi))
    ak2, as2 = g.aws(); my = g.password(14); ak3, as3 = g.aws()
    r.add("scripts/backup.sh", r'''
        #!/usr/bin/env bash
        set -euo pipefail

        export PGPASSWORD='«pg2»'
        : "${AWS_ACCESS_KEY_ID:=«ak2»}"
        : "${AWS_SECRET_ACCESS_KEY:=«as2»}"
        BUCKET=${BUCKET:-desk-backups}

        pg_dump -h db.internal -U trader trades | gzip > /tmp/trades.sql.gz
        mysqldump -u root -p'«my»' legacy_fills > /tmp/legacy.sql
        aws s3 cp /tmp/trades.sql.gz "s3://$BUCKET/$(date +%F)/"

        mkdir -p ~/.aws
        cat > ~/.aws/credentials <<EOF
        [default]
        aws_access_key_id = «ak3»
        aws_secret_access_key = «as3»
        EOF
        ''', "env_fallback", pg2=P("postgres", "password", pg2, form="assignment"), ak2=P("aws", "access_key_id", ak2), as2=P("aws", "secret_access_key", as2),
        my=P("mysql", "password", my, form="cli_flag"), ak3=P("aws", "access_key_id", ak3, form="heredoc"), as3=P("aws", "secret_access_key", as3, form="heredoc"))
    r.add("scripts/rotate_keys.sh", r'''
        #!/usr/bin/env bash
        # usage: BINANCE_API_KEY=... BINANCE_API_SECRET=... ./rotate_keys.sh
        API_KEY="«e1»"
        API_SECRET="«e2»"
        read -rsp "Binance secret: " NEW_SECRET
        vault kv put secret/desk/binance api_key="$API_KEY" api_secret="$NEW_SECRET"
        ''', "assignment", e1=N("binance", "api_key", "${BINANCE_API_KEY:?must be set}", "env_reference"),
        e2=N("binance", "api_secret", "${BINANCE_API_SECRET:?must be set}", "env_reference"))

def r_zig_solana(c):
    g = c.g; r = c.repo("zig-sol-sniper")
    kp = g.sol_keypair(); hel = g.uuid(); pub = g.sol_pub()
    r.add("src/keys.zig", r'''
        const std = @import("std");

        pub const payer_secret = [_]u8{ «kp» };
        pub const rpc_url = "https://mainnet.helius-rpc.com/?api-key=«hel»";
        pub const wsol_mint = "«wsol»";
        pub const target_pool = "«pub»";

        pub fn main() !void {
            std.debug.print("payer loaded ({d} bytes)\n", .{payer_secret.len});
        }
        ''', "const", kp=P("solana", "keypair_bytes", ", ".join(map(str, kp)), form="byte_array", secrets=[b58enc(kp)]),
        hel=P("helius", "api_key", hel, form="url_query"), wsol=N("solana", "mint", "So11111111111111111111111111111111111111112", "contract_address"),
        pub=N("solana", "pool_address", pub, "public_address"))
    kb = g.sol_b58(); hel2 = g.uuid()
    r.add("nim/sniper.nim", r'''
        import std/[os, httpclient, json]

        let keypair = "«kb»"
        let heliusKey = getEnv("HELIUS_KEY", "«hel2»")
        const tokenProgram = "«tp»"

        proc balance(client: HttpClient, owner: string): JsonNode =
          let body = %*{"jsonrpc": "2.0", "id": 1, "method": "getBalance", "params": [owner]}
          result = parseJson(client.postContent("https://mainnet.helius-rpc.com/?api-key=" & heliusKey, $body))
        ''', "assignment", kb=P("solana", "private_key", kb), hel2=P("helius", "api_key", hel2, form="env_fallback"),
        tp=N("solana", "program_id", "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", "contract_address"))

def r_cpp_hft(c):
    g = c.g; r = c.repo("cpp-deribit-hft")
    cid, cs = g.deribit(); bk, bs = g.binance(); cid2, cs2 = g.deribit()
    r.add("include/config.h", r'''
        #pragma once

        #define DERIBIT_CLIENT_ID "«cid»"
        #define DERIBIT_CLIENT_SECRET "«cs»"
        #define BINANCE_KEY "«bk»"
        #define BINANCE_SECRET "«bs»"
        #define API_KEY_LEN 64
        #define MAX_INFLIGHT_ORDERS 32
        ''', "define", cid=P("deribit", "client_id", cid), cs=P("deribit", "client_secret", cs), bk=P("binance", "api_key", bk), bs=P("binance", "api_secret", bs))
    a, b = split2(cs2, 20)
    r.add("src/main.cpp", r'''
        #include <cstdlib>
        #include <string>
        #include "config.h"

        static const char* kClientSecret = "«a»" "«b»";

        static std::string env_or(const char* name, const char* fallback) {
            const char* v = std::getenv(name);
            return v ? std::string(v) : std::string(fallback);
        }

        int main() {
            std::string id = env_or("DERIBIT_CLIENT_ID", "«cid2»");
            std::string secret = std::getenv("DERIBIT_CLIENT_SECRET") ? std::getenv("DERIBIT_CLIENT_SECRET") : kClientSecret;
            return run_engine(id, secret);
        }
        ''', "concat", a=P("deribit", "client_secret", cs2, text=a, needles=[a, b], secrets=[a, b]), b=V("positive", "deribit", "client_secret", cs2, text=b, needles=[]),
        cid2=P("deribit", "client_id", cid2, form="env_fallback"))

def r_hardhat(c):
    g = c.g; r = c.repo("hardhat-mev-backrun")
    pk = g.evm_pk(); mn = g.mnemonic(12); es = g.s(34, UP); alk = g.s(32, AL + "_-")
    r.add("hardhat.config.ts", r'''
        import { HardhatUserConfig } from "hardhat/config";
        import "@nomicfoundation/hardhat-toolbox";

        const config: HardhatUserConfig = {
          solidity: "0.8.24",
          networks: {
            hardhat: {
              accounts: { mnemonic: "«hm»" },
            },
            mainnet: {
              url: "https://eth-mainnet.g.alchemy.com/v2/«alk»",
              accounts: ["0x«pk»"],
            },
            sepolia: {
              url: process.env.SEPOLIA_RPC ?? "",
              accounts: { mnemonic: "«mn»" },
            },
          },
          etherscan: { apiKey: "«es»" },
        };

        export default config;
        ''', "options_object", hm=N("hardhat", "mnemonic", PUBLIC_SAMPLES["hardhat_mnemonic"], "docs_sample"),
        alk=P("alchemy", "api_key", alk, form="url_path"), pk=P("ethereum", "private_key", "0x" + pk, text=pk, secrets=["0x" + pk]),
        mn=P("ethereum", "mnemonic", mn), es=P("etherscan", "api_key", es))
    inf = g.hex(32); fb = g.evm_pk(); pk2 = g.evm_pk()
    r.add(".env", r'''
        PRIVATE_KEY=«pk2»
        INFURA_PROJECT_ID=«inf»
        FLASHBOTS_AUTH_KEY=0x«fb»
        BUILDER_RPC=https://relay.flashbots.net
        ''', "dotenv", pk2=P("ethereum", "private_key", pk2), inf=P("infura", "project_id", inf), fb=P("flashbots", "auth_key", fb))
    pk3 = g.evm_pk(); tx = g.txhash(); addr = g.evm_addr()
    r.add("scripts/deploy.ts", r'''
        import { ethers } from "hardhat";

        const ROUTER = "«router»";
        const WETH = "«weth»";
        const USDC = "«usdc»";

        async function main() {
          const provider = ethers.provider;
          const deployer = new ethers.Wallet("0x«pk3»", provider);
          // v1 deployed in tx «tx»
          const Backrun = await ethers.getContractFactory("Backrun", deployer);
          const c = await Backrun.deploy(ROUTER, WETH);
          console.log("deployed", await c.getAddress(), "owner", "«addr»");
        }

        main().catch((e) => {
          console.error(e);
          process.exitCode = 1;
        });
        ''', "ctor_pos", router=N("uniswap", "router_address", "0x7a250d5630B4cF539739dF2C5dAcb4c659F2488D", "contract_address", form="const"),
        weth=N("ethereum", "token_address", PUBLIC_SAMPLES["weth"], "contract_address", form="const"), usdc=N("ethereum", "token_address", PUBLIC_SAMPLES["usdc"], "contract_address", form="const"),
        pk3=P("ethereum", "private_key", "0x" + pk3, text=pk3), tx=N("ethereum", "tx_hash", tx, "tx_hash", form="comment"), addr=N("ethereum", "address", addr, "public_address"))
    pk4 = g.evm_pk()
    r.add("foundry/Makefile", r'''
        RPC ?= https://arb1.arbitrum.io/rpc

        deploy-arb:
        	forge script script/Deploy.s.sol --rpc-url $(RPC) --private-key 0x«pk4» --broadcast --verify

        deploy:
        	forge script script/Deploy.s.sol --rpc-url $(RPC) --private-key «ref» --broadcast
        ''', "cli_flag", pk4=P("ethereum", "private_key", "0x" + pk4, text=pk4), ref=N("ethereum", "private_key", "$(PRIVATE_KEY)", "env_reference"))
    r.add("test/fixtures/accounts.ts", r'''
        // Hardhat default account #0 — public, well-known, funded only on the local node
        export const LOCAL_PK = "«hpk»";
        export const LOCAL_ADDR = "«haddr»";
        ''', "const", hpk=N("hardhat", "private_key", PUBLIC_SAMPLES["hardhat_pk0"], "docs_sample"), haddr=N("hardhat", "address", PUBLIC_SAMPLES["hardhat_addr0"], "public_address"))
    kaddr = g.evm_addr(); ks = g.keystore(kaddr)
    r.add("keystore/UTC--2024-09-14T08-11-52.512Z--" + kaddr[2:], "«ks»", "keyfile", ks=N("ethereum", "keystore", ks, "encrypted_blob", needles=['"ciphertext"']))
    dtx, bh, ca = g.txhash(), g.txhash(), g.evm_addr()
    r.add("deployments/mainnet/Backrun.json", r'''
        {
          "address": "«ca»",
          "transactionHash": "«dtx»",
          "receipt": {
            "blockHash": "«bh»",
            "blockNumber": 20817734,
            "gasUsed": "1284711",
            "status": 1
          },
          "numDeployments": 1
        }
        ''', "json", ca=N("ethereum", "contract_address", ca, "contract_address"), dtx=N("ethereum", "tx_hash", dtx, "tx_hash"), bh=N("ethereum", "block_hash", bh, "tx_hash"))

def r_solana_jito(c):
    g = c.g; r = c.repo("solana-jito-arb")
    kp = g.sol_keypair(); kb = g.sol_b58(); pub1, pub2 = g.sol_pub(), g.sol_pub()
    r.add("src/wallet.ts", r'''
        import { Connection, Keypair, PublicKey } from "@solana/web3.js";
        import bs58 from "bs58";

        export const payer = Keypair.fromSecretKey(Uint8Array.from([«kp»]));
        export const hot = Keypair.fromSecretKey(bs58.decode("«kb»"));

        export const JITO_TIP = new PublicKey("«pub1»");
        export const USDC_MINT = new PublicKey("«usdc»");
        export const POOL = new PublicKey("«pub2»");

        export const connection = new Connection(process.env.RPC_URL!, "confirmed");
        ''', "ctor_pos", kp=P("solana", "keypair_bytes", ",".join(map(str, kp)), form="byte_array", secrets=[b58enc(kp)]),
        kb=P("solana", "private_key", kb), pub1=N("solana", "address", pub1, "public_address"),
        usdc=N("solana", "mint", "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v", "contract_address"), pub2=N("solana", "address", pub2, "public_address"))
    kp2 = g.sol_keypair()
    r.add("keys/id.json", "[«kp2»]", "keyfile", kp2=P("solana", "keypair_bytes", ",".join(map(str, kp2)), secrets=[b58enc(kp2)]))
    kb3 = g.sol_b58(); qn = g.hex(32); pub3 = g.sol_pub()
    r.add(".env", r'''
        SOLANA_PRIVATE_KEY=«kb3»
        RPC_URL=https://solitary-fabled-meadow.solana-mainnet.quiknode.pro/«qn»/
        JITO_TIP_ACCOUNT=«pub3»
        MIN_PROFIT_LAMPORTS=50000
        ''', "dotenv", kb3=P("solana", "private_key", kb3), qn=P("quicknode", "rpc_token", qn, form="url_path"), pub3=N("solana", "address", pub3, "public_address"))
    sigs = [b58enc(g.by(64)) for _ in range(2)]
    r.add("logs/bundles.log", r'''
        2024-10-11 14:02:17 INFO bundle landed slot=295112334 sig=«s1»
        2024-10-11 14:02:31 WARN bundle dropped slot=295112371 sig=«s2»
        ''', "log_line", s1=N("solana", "tx_signature", sigs[0], "tx_hash"), s2=N("solana", "tx_signature", sigs[1], "tx_hash"))

def r_btc_dca(c):
    g = c.g; r = c.repo("btc-dca-cold")
    wif = g.wif(); wif_u = g.wif(False); xprv = g.xprv(); addr1 = g.btc_addr(); addr2 = g.btc_addr()
    xpub = b58check(bytes.fromhex("0488b21e") + b"\0" * 9 + g.by(32) + b"\x02" + g.by(32))
    r.add("dca/wallet.py", r'''
        from bitcoin.wallet import CBitcoinSecret, P2PKHBitcoinAddress

        HOT_WIF = "«wif»"
        legacy = CBitcoinSecret("«wifu»")
        XPRV = "«xprv»"
        WATCH_XPUB = "«xpub»"

        DEPOSIT_ADDRESS = "«a1»"
        CHANGE_ADDRESS = "«a2»"
        ''', "assignment", wif=P("bitcoin", "wif", wif), wifu=P("bitcoin", "wif", wif_u, form="ctor_pos"), xprv=P("bitcoin", "xprv", xprv),
        xpub=N("bitcoin", "xpub", xpub, "public_key"), a1=N("bitcoin", "address", addr1, "public_address"), a2=N("bitcoin", "address", addr2, "public_address"))
    r.add("dca/test_vectors.py", r'''
        # BIP-39 test vector 1 (all-zero entropy) — published in the BIP, not a wallet
        VECTOR_MNEMONIC = "«tv»"


        def test_seed_length():
            from mnemonic import Mnemonic
            assert len(Mnemonic("english").to_seed(VECTOR_MNEMONIC, passphrase="«tz»")) == 64
        ''', "assignment", tv=N("bip39", "mnemonic", PUBLIC_SAMPLES["bip39_vector"], "test_vector"),
        tz=N("bip39", "passphrase", "TREZOR", "test_vector", form="ctor_kw"))
    mn = g.mnemonic(24); epw = g.password(16)
    r.add(".env", r'''
        MNEMONIC="«mn»"
        ELECTRUM_PASSWORD=«epw»
        DCA_AMOUNT_EUR=50
        ''', "dotenv", mn=P("bitcoin", "mnemonic", mn), epw=P("electrum", "wallet_password", epw))
    r.add("README.md", r'''
        # btc-dca-cold

        Buys a fixed EUR amount weekly and sweeps to cold storage.

        Donations welcome: «don»

        Seed phrase for the **test** wallet used in CI (testnet only, holds nothing of value):

            «mn2»
        ''', "markdown_prose", don=N("bitcoin", "address", g.btc_addr(), "public_address"), mn2=P("bitcoin", "mnemonic", g.mnemonic(12), form="markdown_code"))

def r_k8s_helm(c):
    g = c.g; r = c.repo("bybit-bot-k8s")
    bk, bs = g.bybit(); tg = g.telegram()
    b = lambda s: base64.b64encode(s.encode()).decode()
    r.add("k8s/secret.yaml", r'''
        apiVersion: v1
        kind: Secret
        metadata:
          name: bybit-bot
          namespace: trading
        type: Opaque
        data:
          BYBIT_API_KEY: «bk»
          BYBIT_API_SECRET: «bs»
        stringData:
          TELEGRAM_TOKEN: "«tg»"
        ''', "k8s_secret_b64", bk=P("bybit", "api_key", bk).enc("b64"), bs=P("bybit", "api_secret", bs).enc("b64"),
        tg=P("telegram", "bot_token", tg, form="yaml"))
    bk2, bs2 = g.bybit(); rpw = g.password(20)
    r.add("helm/bybit-bot/values.yaml", r'''
        replicaCount: 1
        image:
          repository: ghcr.io/deskquant/bybit-bot
          tag: "1.8.2"
          digest: «dg»
        exchange:
          name: bybit
          apiKey: «bk2»
          apiSecret: "«bs2»"
          testnet: false
        redis:
          auth:
            enabled: true
            password: «rpw»
        resources:
          limits:
            memory: 512Mi
        ''', "helm_values", dg=N("docker", "image_digest", "sha256:" + g.sha256(), "docker_digest"), bk2=P("bybit", "api_key", bk2), bs2=P("bybit", "api_secret", bs2),
        rpw=P("redis", "password", rpw))
    r.add("helm/bybit-bot/templates/secret.yaml", r'''
        apiVersion: v1
        kind: Secret
        metadata:
          name: {{ include "bybit-bot.fullname" . }}
        type: Opaque
        data:
          api-key: «t1»
          api-secret: «t2»
        ''', "helm_template", t1=N("bybit", "api_key", "{{ .Values.exchange.apiKey | b64enc | quote }}", "template_var"),
        t2=N("bybit", "api_secret", "{{ .Values.exchange.apiSecret | b64enc | quote }}", "template_var"))
    r.add("helm/bybit-bot/values-prod.yaml", r'''
        exchange:
          apiKey: «v1»
          apiSecret: «v2»
        redis:
          auth:
            existingSecret: «es»
        ''', "helm_values", v1=N("bybit", "api_key", "vault:secret/data/trading/bybit#api_key", "secret_manager_ref"),
        es=N("redis", "password", "redis-auth", "secret_manager_ref"), v2=N("bybit", "api_secret", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/bybit/api-secret-Ab12Cd", "secret_manager_ref"))
    fp = g.HEX(40)
    r.add("secrets/prod.enc.yaml", r'''
        bybit:
            api_key: «e1»
            api_secret: «e2»
        telegram_token: «e3»
        sops:
            kms: []
            lastmodified: "2024-11-20T09:41:12Z"
            mac: «e4»
            pgp:
                - created_at: "2024-11-20T09:41:12Z"
                  fp: «fp»
            version: 3.9.1
        ''', "sops", e1=N("bybit", "api_key", g.sops(18), "encrypted_blob"), e2=N("bybit", "api_secret", g.sops(36), "encrypted_blob"),
        e3=N("telegram", "bot_token", g.sops(46), "encrypted_blob"), e4=N("sops", "mac", g.sops(32), "encrypted_blob"), fp=N("pgp", "fingerprint", fp, "public_key"))
    vb = g.vault_blob()
    r.add("ansible/group_vars/all/vault.yml", "«vb»", "ansible_vault", vb=N("ansible", "vault", vb, "encrypted_blob", needles=["$ANSIBLE_VAULT;1.1;AES256"]))
    r.add("ansible/group_vars/all/vars.yml", r'''
        bot_user: trader
        bot_api_key: "«v1»"
        bot_api_secret: "«v2»"
        ''', "yaml", v1=N("bybit", "api_key", "{{ vault_bot_api_key }}", "template_var"), v2=N("bybit", "api_secret", "{{ vault_bot_api_secret }}", "template_var"))
    bk3, bs3 = g.bybit()
    r.add("k8s/kustomization.yaml", r'''
        namespace: trading
        resources:
          - deployment.yaml
        secretGenerator:
          - name: bybit-bot-canary
            literals:
              - BYBIT_API_KEY=«bk3»
              - BYBIT_API_SECRET=«bs3»
        ''', "kustomize", bk3=P("bybit", "api_key", bk3), bs3=P("bybit", "api_secret", bs3))

def r_ci(c):
    g = c.g; r = c.repo("signal-relay-ci")
    oa = g.openai(); dck = g.dockerhub(); hf = g.hf(); sha1, sha2 = g.gitsha(), g.gitsha()
    r.add(".github/workflows/deploy.yml", r'''
        name: deploy
        on:
          push:
            branches: [main]

        env:
          BINANCE_API_KEY: «ref1»
          OPENAI_API_KEY: «oa»
          HF_TOKEN: «hf»

        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@«sha1» # v4.1.1
              - uses: docker/setup-buildx-action@«sha2» # v3
              - name: login
                run: docker login -u deskbot -p «dck»
              - name: push
                run: docker buildx build --push -t deskbot/signal-relay:${{ github.sha }} .
        ''', "gha_workflow", ref1=N("binance", "api_key", "${{ secrets.BINANCE_API_KEY }}", "ci_secret_ref"), oa=P("openai", "api_key", oa),
        hf=P("huggingface", "access_token", hf), sha1=N("github", "action_sha", sha1, "git_sha"), sha2=N("github", "action_sha", sha2, "git_sha"),
        dck=P("dockerhub", "access_token", dck, form="cli_flag"))
    bs = g.bybit()[1]; dpw = g.password(16)
    r.add(".gitlab-ci.yml", r'''
        stages: [test, deploy]

        variables:
          BYBIT_API_SECRET: "«bs»"
          REGISTRY_PASSWORD: «ref»

        deploy:
          stage: deploy
          script:
            - curl -fsS -u deploy:«dpw» https://artifacts.internal/upload -T dist/relay.tar.gz
          only: [main]
        ''', "gitlab_ci", bs=P("bybit", "api_secret", bs), ref=N("gitlab", "registry_password", "$CI_REGISTRY_PASSWORD", "env_reference"),
        dpw=P("artifactory", "password", dpw, form="cli_flag"))
    ak, asec = g.alpaca(); npm = g.npm()
    r.add("Dockerfile", r'''
        FROM python:3.12-slim@«dg»

        ARG NPM_TOKEN=«npm»
        ENV PYTHONUNBUFFERED=1 \
            ALPACA_API_KEY_ID=«ak» \
            ALPACA_API_SECRET_KEY=«asec» \
            APCA_API_BASE_URL=https://paper-api.alpaca.markets

        WORKDIR /app
        COPY requirements.txt .
        RUN pip install --no-cache-dir -r requirements.txt
        COPY . .
        CMD ["python", "-m", "relay"]
        ''', "dockerfile", dg=N("docker", "image_digest", "sha256:" + g.sha256(), "docker_digest"), npm=P("npm", "access_token", npm),
        ak=P("alpaca", "api_key_id", ak), asec=P("alpaca", "api_secret_key", asec))
    r.add("Jenkinsfile", r'''
        pipeline {
          agent any
          environment {
            KRAKEN_SECRET = «cr»
          }
          stages {
            stage('test') { steps { sh 'pytest -q' } }
          }
        }
        ''', "jenkins", cr=N("kraken", "api_secret", "credentials('kraken-api-secret')", "secret_manager_ref"))

def r_http_captures(c):
    g = c.g; r = c.repo("exchange-debug-captures")
    bk, _ = g.binance(); sig = g.hex(64); ok, _, op = g.okx(); osig = g.b64(32); bk2, _ = g.binance()
    jsec = g.jwt_secret(); jwt = g.jwt_token(jsec, "desk-" + g.digits(4)); user, upw = "deskbot", g.password(14)
    basic = base64.b64encode(("%s:%s" % (user, upw)).encode()).decode()
    r.add("logs/binance-debug.log", r'''
        2024-12-01 10:00:01,114 DEBUG urllib3.connectionpool Starting new HTTPS connection (1): api.binance.com:443
        2024-12-01 10:00:01,322 DEBUG send: b'GET /api/v3/account?timestamp=1733047201114&signature=«sig» HTTP/1.1\r\nHost: api.binance.com\r\nX-MBX-APIKEY: «bk»\r\nAccept: */*\r\n\r\n'
        2024-12-01 10:00:01,519 DEBUG reply: 'HTTP/1.1 200 OK\r\n'
        2024-12-01 10:00:02,004 DEBUG header: X-MBX-APIKEY: «bk2»
        2024-12-01 10:00:02,005 INFO  using key «masked»
        2024-12-01 10:00:02,006 DEBUG header: X-MBX-APIKEY: «red»
        ''', "http_log_header", sig=N("binance", "signature", sig, "hmac_signature"), bk=P("binance", "api_key", bk), bk2=P("binance", "api_key", bk2),
        masked=N("binance", "api_key", bk2[:4] + "*" * 56 + bk2[-4:], "masked", needles=[bk2[:4] + "*" * 56]), red=N("binance", "api_key", "***redacted***", "masked"))
    r.add("logs/okx-ws.log", r'''
        [2024-12-01T10:05:00Z] > POST /api/v5/trade/order
        [2024-12-01T10:05:00Z] > OK-ACCESS-KEY: «ok»
        [2024-12-01T10:05:00Z] > OK-ACCESS-SIGN: «osig»
        [2024-12-01T10:05:00Z] > OK-ACCESS-TIMESTAMP: 2024-12-01T10:05:00.123Z
        [2024-12-01T10:05:00Z] > OK-ACCESS-PASSPHRASE: «op»
        [2024-12-01T10:05:00Z] < 200 {"code":"0","data":[{"ordId":"«oid»","clOrdId":"«cl»","sCode":"0"}]}
        [2024-12-01T10:05:01Z] > Authorization: Bearer «jwt»
        [2024-12-01T10:05:02Z] > Authorization: Basic «basic»
        ''', "http_log_header", ok=P("okx", "api_key", ok), osig=N("okx", "signature", osig, "hmac_signature"), op=P("okx", "passphrase", op),
        oid=N("okx", "order_id", g.digits(18), "uuid_id"), cl=N("okx", "client_order_id", g.hex(32), "uuid_id"),
        jwt=P("internal", "bearer_jwt", jwt), basic=P("internal", "basic_auth", upw, text=basic, secrets=[basic]))
    kk, _ = g.kraken(); ksign = g.b64(64)
    ak, asec = g.alpaca()
    r.add("api/kraken.http", r'''
        @baseUrl = https://api.kraken.com
        @apiKey = «kk»

        ### Balance
        POST {{baseUrl}}/0/private/Balance
        API-Key: «tvk»
        API-Sign: «ks»
        Content-Type: application/x-www-form-urlencoded

        nonce=1733047201114

        ### Alpaca positions
        GET https://paper-api.alpaca.markets/v2/positions
        APCA-API-KEY-ID: «ak»
        APCA-API-SECRET-KEY: «asec»
        ''', "http_file", kk=P("kraken", "api_key", kk), ks=N("kraken", "signature", ksign, "hmac_signature"), tvk=N("kraken", "api_key", "{{apiKey}}", "template_var"),
        ak=P("alpaca", "api_key_id", ak), asec=P("alpaca", "api_secret_key", asec))
    bk3, _ = g.binance(); hsig = g.hex(64); tgt = g.telegram()
    har = r'''
        {
          "log": {
            "version": "1.2",
            "creator": {"name": "Firefox", "version": "128.0"},
            "entries": [
              {
                "startedDateTime": "2024-12-02T08:15:11.201Z",
                "request": {
                  "method": "POST",
                  "url": "https://api.binance.com/api/v3/order?symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=50&timestamp=1733127311201&signature=«hsig»",
                  "headers": [
                    {"name": "X-MBX-APIKEY", "value": "«bk3»"},
                    {"name": "Content-Type", "value": "application/json"}
                  ]
                },
                "response": {"status": 200, "content": {"mimeType": "application/json", "text": "{\"orderId\":28457119,\"status\":\"FILLED\"}"}}
              },
              {
                "startedDateTime": "2024-12-02T08:15:12.004Z",
                "request": {
                  "method": "GET",
                  "url": "https://api.telegram.org/bot«tgt»/getUpdates?offset=-1",
                  "headers": []
                },
                "response": {"status": 200, "content": {"mimeType": "application/json", "text": "{\"ok\":true}"}}
              }
            ]
          }
        }
        '''
    r.add("captures/dashboard.har", har, "har", hsig=N("binance", "signature", hsig, "hmac_signature", form="url_query"), bk3=P("binance", "api_key", bk3),
          tgt=P("telegram", "bot_token", tgt, form="url_path"))
    bk4, bs4 = g.binance()
    r.add("postman/Trading.postman_collection.json", r'''
        {
          "info": {"name": "Trading desk", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
          "auth": {
            "type": "apikey",
            "apikey": [
              {"key": "value", "value": "«bk4»", "type": "string"},
              {"key": "key", "value": "X-MBX-APIKEY", "type": "string"}
            ]
          },
          "variable": [
            {"key": "binance_secret", "value": "«bs4»"},
            {"key": "kraken_key", "value": "«tv»"}
          ],
          "item": [
            {"name": "account", "request": {"method": "GET", "url": "https://api.binance.com/api/v3/account?timestamp={{ts}}&signature={{sig}}"}}
          ]
        }
        ''', "postman", bk4=P("binance", "api_key", bk4), bs4=P("binance", "api_secret", bs4), tv=N("kraken", "api_key", "{{kraken_api_key}}", "template_var"))
    ak2, as2 = g.alpaca()
    r.add("docs/curl.md", r'''
        # Raw API calls

        ```sh
        curl -s https://paper-api.alpaca.markets/v2/account \
          -H "APCA-API-KEY-ID: «ak2»" \
          -H "APCA-API-SECRET-KEY: «as2»"
        ```

        Same call with placeholders for the wiki:

        ```sh
        curl -H "APCA-API-KEY-ID: «p1»" -H "APCA-API-SECRET-KEY: «p2»" https://paper-api.alpaca.markets/v2/account
        ```
        ''', "curl", ak2=P("alpaca", "api_key_id", ak2), as2=P("alpaca", "api_secret_key", as2),
        p1=N("alpaca", "api_key_id", "$APCA_API_KEY_ID", "env_reference"), p2=N("alpaca", "api_secret_key", "$APCA_API_SECRET_KEY", "env_reference"))

def r_data_dumps(c):
    g = c.g; r = c.repo("copytrade-saas-backup")
    rows = []
    vals = {}
    for i, ex in enumerate(["binance", "bybit", "okx", "kucoin"]):
        if ex == "binance": k, s = g.binance(); p = ""
        elif ex == "bybit": k, s = g.bybit(); p = ""
        elif ex == "okx": k, s, p = g.okx()
        else: k, s, p = g.kucoin()
        vals["k%d" % i] = P(ex, "api_key", k); vals["s%d" % i] = P(ex, "api_secret", s)
        vals["p%d" % i] = P(ex, "passphrase", p) if p else V("positive", ex, "passphrase", "", text="", needles=[])
    masked = "AKB3" + "*" * 16
    r.add("exports/api_keys_2024-11.csv", r'''
        user_id,exchange,label,api_key,api_secret,passphrase,created_at
        1042,binance,main,«k0»,«s0»,«p0»,2024-03-11T09:12:44Z
        1042,bybit,scalper,«k1»,«s1»,«p1»,2024-05-02T17:40:03Z
        2211,okx,spot,«k2»,«s2»,«p2»,2024-06-19T08:01:55Z
        2390,kucoin,dca,«k3»,«s3»,«p3»,2024-08-30T21:15:10Z
        2391,binance,revoked,«m»,,,2024-09-01T00:00:00Z
        ''', "csv", m=N("binance", "api_key", masked, "masked"), **vals)
    ak, asec = g.alpaca(); tt = g.tradier()
    r.add("exports/broker_tokens.tsv", "account\tbroker\tkey_id\tsecret\n" +
          "acc-17\talpaca\t«ak»\t«asec»\n" + "acc-18\ttradier\t«tt»\t\n", "tsv", ak=P("alpaca", "api_key_id", ak), asec=P("alpaca", "api_secret_key", asec), tt=P("tradier", "access_token", tt))
    ok, os_, op = g.okx(); bk, bs = g.binance(); gk, gs = g.gate(); bc1, ar1 = g.bcrypt(), g.argon2()
    r.add("db/dump.sql", r'''
        --
        -- PostgreSQL database dump
        --

        CREATE TABLE public.users (id integer NOT NULL, email text NOT NULL, password_hash text NOT NULL);
        CREATE TABLE public.exchange_credentials (id integer, user_id integer, exchange text, api_key text, api_secret text, passphrase text);

        INSERT INTO public.users VALUES (1, 'ops@copytrade.example', '«bc1»');
        INSERT INTO public.users VALUES (2, 'lena@copytrade.example', '«ar1»');
        INSERT INTO public.exchange_credentials (id, user_id, exchange, api_key, api_secret, passphrase) VALUES (1, 1, 'okx', '«ok»', '«os»', '«op»');

        COPY public.exchange_credentials (id, user_id, exchange, api_key, api_secret, passphrase) FROM stdin;
        2	1	binance	«bk»	«bs»	\N
        3	2	gate	«gk»	«gs»	\N
        \.
        ''', "sql_insert", bc1=N("app", "password_hash", bc1, "password_hash"), ar1=N("app", "password_hash", ar1, "password_hash"),
        ok=P("okx", "api_key", ok), os=P("okx", "api_secret", os_), op=P("okx", "passphrase", op),
        bk=P("binance", "api_key", bk, form="sql_copy"), bs=P("binance", "api_secret", bs, form="sql_copy"),
        gk=P("gateio", "api_key", gk, form="sql_copy"), gs=P("gateio", "api_secret", gs, form="sql_copy"))
    bk2, bs2 = g.bybit()
    inner = json.dumps({"apiKey": bk2, "secret": bs2, "testnet": False})
    r.add("db/bot_settings.json", r'''
        [
          {"bot_id": 77, "exchange": "bybit", "settings": «inner»},
          {"bot_id": 78, "exchange": "bybit", "settings": "{\"apiKey\": \"«ph»\", \"secret\": \"\"}"}
        ]
        ''', "json_in_json", inner=P("bybit", "api_key", bk2, text=json.dumps(inner), needles=[bk2, bs2], secrets=[bs2]),
        ph=N("bybit", "api_key", "YOUR_API_KEY", "placeholder"))
    kk, ks = g.kraken()
    blob = base64.b64encode(json.dumps({"exchange": "kraken", "apiKey": kk, "secret": ks}).encode()).decode()
    r.add("db/kraken_creds.b64", "«b»", "b64_json", b=P("kraken", "api_key", kk, text=blob, secrets=[blob, ks]))
    rows2 = {"o%d" % i: N("exchange", "order_id", g.uuid(), "uuid_id") for i in range(3)}
    r.add("exports/orders.csv", r'''
        order_id,symbol,side,qty,price,status
        «o0»,BTCUSDT,BUY,0.01,61200.5,FILLED
        «o1»,ETHUSDT,SELL,0.4,3011.2,FILLED
        «o2»,SOLUSDT,BUY,12,141.07,CANCELED
        ''', "csv", **rows2)

def r_ml_signals(c):
    g = c.g; r = c.repo("llm-sentiment-trader")
    oa = g.openai(); an = g.anthropic(); hf = g.hf()
    r.add("signals/llm.py", r'''
        import os

        import anthropic
        from huggingface_hub import login
        from openai import OpenAI

        client = OpenAI(api_key="«oa»")
        claude = anthropic.Anthropic(api_key=os.environ.get("ANTHROPIC_API_KEY", "«an»"))
        login(token="«hf»")

        PROMPT = """Classify the headline as bullish, bearish or neutral for {ticker}.
        Headline: {headline}
        """


        def classify(ticker: str, headline: str) -> str:
            msg = claude.messages.create(model="claude-3-5-sonnet-latest", max_tokens=5,
                                         messages=[{"role": "user", "content": PROMPT.format(ticker=ticker, headline=headline)}])
            return msg.content[0].text.strip().lower()
        ''', "ctor_kw", oa=P("openai", "api_key", oa), an=P("anthropic", "api_key", an, form="env_fallback"), hf=P("huggingface", "access_token", hf))
    rk = g.rsa(); kid = g.hex(40); cid = g.digits(21)
    sa = r'''
        {
          "type": "service_account",
          "project_id": "sentiment-trader-prod",
          "private_key_id": "«kid»",
          "private_key": "«pk|json»",
          "client_email": "bq-writer@sentiment-trader-prod.iam.gserviceaccount.com",
          "client_id": "«cid»",
          "auth_uri": "https://accounts.google.com/o/oauth2/auth",
          "token_uri": "https://oauth2.googleapis.com/token",
          "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/bq-writer%40sentiment-trader-prod.iam.gserviceaccount.com"
        }
        '''
    r.add("gcp/service-account.json", sa, "json", kid=N("gcp", "private_key_id", kid, "key_id"),
          pk=P("gcp", "service_account_private_key", rk["pkcs8"] + "\n", needles=["-----BEGIN PRIVATE KEY-----\\n"]), cid=N("gcp", "client_id", cid, "account_id"))
    ak, asec = g.aws(); dbpw = g.password(18)
    r.add("infra/main.tf", r'''
        provider "aws" {
          region     = "eu-central-1"
          access_key = "«ak»"
          secret_key = "«asec»"
        }

        variable "db_password" {
          type    = string
          default = "«dbpw»"
        }

        resource "aws_db_instance" "signals" {
          engine            = "postgres"
          instance_class    = "db.t4g.small"
          username          = "signals"
          password          = «ref»
          allocated_storage = 20
        }
        ''', "hcl", ak=P("aws", "access_key_id", ak), asec=P("aws", "secret_access_key", asec), dbpw=P("postgres", "password", dbpw),
        ref=N("postgres", "password", "var.db_password", "variable_name"))
    azs = g.azure_secret(); ten = g.uuid(); appid = g.uuid()
    r.add("infra/terraform.tfvars", r'''
        azure_tenant_id     = "«ten»"
        azure_client_id     = "«appid»"
        azure_client_secret = "«azs»"
        ''', "hcl", ten=N("azure", "tenant_id", ten, "uuid_id"), appid=N("azure", "client_id", appid, "uuid_id"), azs=P("azure", "client_secret", azs))
    oa2 = g.openai()
    notebook(r, "research/sentiment.ipynb", [
        ("code", 'import openai\nopenai.api_key = "«oa2»"\nprint("key loaded:", openai.api_key[:8] + "...")', "key loaded: «pre»..."),
        ("markdown", "Results below use the cached headlines from `data/headlines.parquet`.", None),
        ("code", "df = pd.read_parquet('data/headlines.parquet')\ndf.head()", None),
    ], oa2=P("openai", "api_key", oa2, form="assignment"), pre=N("openai", "api_key", oa2[:8], "masked", form="notebook_output"))

def r_threecommas(c):
    g = c.g; r = c.repo("3commas-dashboard")
    k, s = g.threecommas(); sk = g.stripe(); sg = g.sendgrid(); ac, at = g.twilio(); xb = g.slack_bot(); pkl = "pk_live_" + g.mixed(99)
    r.add("src/threecommas.js", r'''
        const threeCommasAPI = require("3commas-api-node");

        const api = new threeCommasAPI({
          apiKey: "«k»",
          apiSecret: "«s»",
          // url: 'https://api.3commas.io' // this is optional in case of defining other endpoint
        });

        async function activeDeals() {
          return api.getDeals({ scope: "active" });
        }

        module.exports = { activeDeals };
        ''', "options_object", k=P("3commas", "api_key", k), s=P("3commas", "api_secret", s))
    r.add("src/billing.js", r'''
        const stripe = require("stripe")("«sk»");
        const sgMail = require("@sendgrid/mail");
        const twilio = require("twilio");
        const { WebClient } = require("@slack/web-api");

        sgMail.setApiKey("«sg»");

        const TWILIO_SID = "«ac»";
        const TWILIO_TOKEN = "«at»";
        const sms = twilio(TWILIO_SID, «tvn»);

        const slack = new WebClient("«xb»");

        // publishable key is safe to ship to the browser
        const STRIPE_PUBLISHABLE = "«pkl»";
        // from Stripe docs, test mode only
        const STRIPE_DOCS_KEY = "«sdoc»";

        module.exports = { stripe, sgMail, sms, slack, STRIPE_PUBLISHABLE, STRIPE_DOCS_KEY };
        ''', "ctor_pos", sk=P("stripe", "secret_key", sk), sg=P("sendgrid", "api_key", sg), ac=N("twilio", "account_sid", ac, "account_id", form="const"),
        at=P("twilio", "auth_token", at, form="const"), xb=P("slack", "bot_token", xb), pkl=N("stripe", "publishable_key", pkl, "public_key", form="const"),
        sdoc=N("stripe", "secret_key", PUBLIC_SAMPLES["stripe_doc"], "docs_sample", form="const"),
        tvn=N("twilio", "auth_token", "TWILIO_TOKEN", "variable_name", form="ctor_pos"))
    k2, s2 = g.threecommas(); rk = g.stripe("rk_live_")
    r.add(".env.production", r'''
        THREECOMMAS_API_KEY=«k2»
        THREECOMMAS_API_SECRET=«s2»
        STRIPE_RESTRICTED_KEY=«rk»
        SESSION_SECRET=«sess»
        NEXT_PUBLIC_POSTHOG_KEY=«ph»
        ''', "dotenv", k2=P("3commas", "api_key", k2), s2=P("3commas", "api_secret", s2), rk=P("stripe", "restricted_key", rk),
        sess=P("express", "session_secret", g.b64(32)), ph=N("posthog", "project_key", "phc_" + g.mixed(43), "public_key"))
    r.add("public/index.html", r'''
        <!doctype html>
        <html>
          <head>
            <link rel="stylesheet" href="/static/css/main.«h1».css">
            <script src="https://cdn.jsdelivr.net/npm/chart.js@4.4.1" integrity="«sri»" crossorigin="anonymous"></script>
          </head>
          <body>
            <img alt="logo" src="data:image/png;base64,«img»">
            <div id="root"></div>
            <script src="/static/js/main.«h2».js"></script>
          </body>
        </html>
        ''', "html", h1=N("webpack", "asset_hash", g.hex(20), "asset_hash"), sri=N("jsdelivr", "sri", "sha384-" + g.b64(48), "lockfile_integrity"),
        img=N("image", "png", base64.b64encode(tiny_png(g.r)).decode(), "base64_image"), h2=N("webpack", "asset_hash", g.hex(20), "asset_hash"))

def r_config_zoo(c):
    g = c.g; r = c.repo("nix-bybit-fleet")
    bk, bs = g.bybit(); bk2, bs2 = g.binance(); kk, ks = g.kraken(); gk, gs = g.gate(); sha512c = "$6$" + g.s(16, AL + "./") + "$" + g.s(86, AL + "./")
    r.add("deploy/bot.cue", r'''
        package deploy

        exchange: {
        	name:      "bybit"
        	apiKey:    "«bk»"
        	apiSecret: "«bs»"
        	testnet:   false
        }

        risk: maxLeverage: 5
        ''', "cue", bk=P("bybit", "api_key", bk), bs=P("bybit", "api_secret", bs))
    r.add("nix/configuration.nix", r'''
        { config, pkgs, ... }:
        {
          services.tradebot = {
            enable = true;
            environment = {
              BINANCE_API_KEY = "«bk2»";
              BINANCE_API_SECRET = "«bs2»";
              RUST_LOG = "info";
            };
          };
          users.users.trader = {
            isNormalUser = true;
            hashedPassword = "«h»";
          };
        }
        ''', "nix", bk2=P("binance", "api_key", bk2), bs2=P("binance", "api_secret", bs2), h=N("linux", "password_hash", sha512c, "password_hash"))
    r.add("config/bot.dhall", r'''
        let Exchange = { name : Text, apiKey : Text, apiSecret : Text }

        let kraken : Exchange =
              { name = "kraken"
              , apiKey = "«kk»"
              , apiSecret = "«ks»"
              }

        let gateFromEnv = { apiSecret = «env» }

        in  { exchanges = [ kraken ], pollSeconds = 10 }
        ''', "dhall", kk=P("kraken", "api_key", kk), ks=P("kraken", "private_key", ks), env=N("gateio", "api_secret", "env:GATE_API_SECRET as Text", "env_reference"))
    r.add("config/bot.json5", r'''
        // bot config (JSON5: comments and trailing commas allowed)
        {
          exchange: 'gate',
          apiKey: '«gk»',
          apiSecret: "«gs»",
          pairs: ['BTC_USDT', 'ETH_USDT',],
        }
        ''', "json5", gk=P("gateio", "api_key", gk), gs=P("gateio", "api_secret", gs))
    bk3, bs3 = g.bitfinex()
    r.add("config/bot.ini", r'''
        [DEFAULT]
        base_dir = /srv/bot
        log_file = %(base_dir)s/logs/bot.log

        [bitfinex]
        api_key = «bk3»
        api_secret = «bs3»
        api_key_file = «ref»
        ''', "ini", bk3=P("bitfinex", "api_key", bk3), bs3=P("bitfinex", "api_secret", bs3), ref=N("bitfinex", "api_key", "%(base_dir)s/secrets/bfx.key", "placeholder"))
    bk4, bs4 = g.bitfinex()
    r.add("config/beans.xml", r'''
        <?xml version="1.0" encoding="UTF-8"?>
        <beans xmlns="http://www.springframework.org/schema/beans">
          <bean id="bitfinexClient" class="com.desk.bfx.BitfinexClient">
            <constructor-arg name="apiKey" value="«bk4»"/>
            <constructor-arg name="apiSecret" value="«bs4»"/>
            <property name="nonceWindowMs" value="5000"/>
          </bean>
        </beans>
        ''', "xml", bk4=P("bitfinex", "api_key", bk4), bs4=P("bitfinex", "api_secret", bs4))

def r_zerodha(c):
    g = c.g; r = c.repo("kite-options-algo")
    k, s, at = g.kite(); ttpw = g.password(14); req = g.mixed(32)
    r.add("algo/login.py", r'''
        import logging

        from kiteconnect import KiteConnect

        logging.basicConfig(level=logging.INFO)

        kite = KiteConnect(api_key="«k»")
        # request_token comes from the redirect after manual login
        data = kite.generate_session(request_token=input("request_token: "), api_secret="«s»")
        kite.set_access_token("«at»")
        ''', "ctor_kw", k=P("zerodha", "api_key", k), s=P("zerodha", "api_secret", s), at=P("zerodha", "access_token", at, form="ctor_pos"))
    r.add("algo/tasty.py", r'''
        from tastytrade import Session, Account

        session = Session("desk.quant", "«ttpw»")
        accounts = Account.get_accounts(session)
        ''', "ctor_pos", ttpw=P("tastytrade", "password", ttpw))
    k2, s2, _ = g.kite()
    r.add("config/kite.toml", r'''
        [kite]
        api_key = "«k2»"
        api_secret = "«s2»"
        redirect_url = "https://127.0.0.1:5010/kite/callback"
        instruments = ["NIFTY24DECFUT", "BANKNIFTY24DECFUT"]
        ''', "toml", k2=P("zerodha", "api_key", k2), s2=P("zerodha", "api_secret", s2))
    r.add("logs/login.log", r'''
        2024-12-03 08:59:11 INFO redirect received request_token=«rt» action=login status=success
        2024-12-03 08:59:12 INFO session created for user «uid»
        ''', "log_line", rt=N("zerodha", "request_token", req, "expired_token"), uid=N("zerodha", "user_id", "ZX" + g.digits(4), "account_id"))

def r_hyperliquid(c):
    g = c.g; r = c.repo("hl-funding-farmer")
    sk = g.evm_pk(); addr = g.evm_addr()
    r.add("examples/config.json", r'''
        {
            "comments": "agent wallet for the funding farmer",
            "secret_key": "0x«sk»",
            "account_address": "«addr»",
            "multi_sig": {"authorized_users": []}
        }
        ''', "json", sk=P("hyperliquid", "agent_private_key", "0x" + sk, text=sk), addr=N("hyperliquid", "account_address", addr, "public_address"))
    sk2 = g.evm_pk(); addr2 = g.evm_addr(); vault = g.evm_addr()
    r.add("farmer/exchange.py", r'''
        import eth_account
        from hyperliquid.exchange import Exchange
        from hyperliquid.utils import constants

        wallet = eth_account.Account.from_key("0x«sk2»")
        exchange = Exchange(wallet, constants.MAINNET_API_URL, account_address="«addr2»", vault_address="«vault»")
        ''', "ctor_pos", sk2=P("hyperliquid", "private_key", "0x" + sk2, text=sk2), addr2=N("hyperliquid", "account_address", addr2, "public_address", form="ctor_kw"),
        vault=N("hyperliquid", "vault_address", vault, "public_address", form="ctor_kw"))
    sk3 = g.evm_pk(); addr3 = g.evm_addr()
    r.add("farmer/ccxt_hl.py", r'''
        import ccxt

        hl = ccxt.hyperliquid({
            "walletAddress": "«addr3»",
            "privateKey": "0x«sk3»",
        })
        ''', "dict_literal", addr3=N("hyperliquid", "wallet_address", addr3, "public_address"), sk3=P("hyperliquid", "private_key", "0x" + sk3, text=sk3))

def r_coinbase(c):
    g = c.g; r = c.repo("coinbase-advanced-rebal")
    name = g.cdp_name(); ec = g.ec_pem()
    r.add("cdp_api_key.json", r'''
        {
           "name": "«name»",
           "privateKey": "«pk|json»"
        }
        ''', "json", name=P("coinbase", "cdp_key_name", name), pk=P("coinbase", "cdp_private_key", ec + "\n", needles=["-----BEGIN EC PRIVATE KEY-----\\n"]))
    name2 = g.cdp_name(); ec2 = g.ec_pem()
    r.add(".env", r'''
        COINBASE_API_KEY="«name2»"
        COINBASE_API_SECRET="«pk2|esc_n»\n"
        ''', "dotenv", name2=P("coinbase", "cdp_key_name", name2), pk2=P("coinbase", "cdp_private_key", ec2, needles=["-----BEGIN EC PRIVATE KEY-----\\n"]))
    name3 = g.cdp_name(); ec3 = g.ec_pem()
    r.add("rebal/client.py", r'''
        from coinbase.rest import RESTClient

        API_KEY = "«name3»"
        API_SECRET = """«pk3»
        """

        client = RESTClient(api_key=API_KEY, api_secret=«vn»)
        ''', "pem_block", name3=P("coinbase", "cdp_key_name", name3, form="assignment"), pk3=P("coinbase", "cdp_private_key", ec3), vn=N("coinbase", "cdp_private_key", "API_SECRET", "variable_name", form="ctor_kw"))
    ck = g.hex(32); cs = g.b64(64); cp = g.s(11, LO)
    r.add("legacy/cbpro_bot.py", r'''
        import cbpro

        # Coinbase Exchange (ex-Pro) sandbox key
        auth_client = cbpro.AuthenticatedClient("«ck»", "«cs»", "«cp»",
                                                api_url="https://api-public.sandbox.exchange.coinbase.com")
        ''', "ctor_pos", ck=P("coinbase", "exchange_api_key", ck), cs=P("coinbase", "exchange_api_secret", cs), cp=P("coinbase", "passphrase", cp))
    eid = g.uuid(); esec = g.cdp_ed()
    r.add("keys/cdp_ed25519.json", r'''
        {
          "id": "«eid»",
          "privateKey": "«esec»"
        }
        ''', "json", eid=P("coinbase", "cdp_key_id", eid), esec=P("coinbase", "cdp_private_key", esec))
    seed = g.by(32); bpem = ed_pkcs8(seed)
    pub = pem("PUBLIC KEY", bytes.fromhex("302a300506032b6570032100") + ed25519_pub(seed))
    r.add("keys/binance_ed25519.pem", "«p»", "pem_block", p=P("binance", "ed25519_private_key", bpem))
    r.add("keys/binance_ed25519.pub.pem", "«p»", "pem_block", p=N("binance", "ed25519_public_key", pub, "public_key"))

def r_docs_site(c):
    g = c.g; r = c.repo("tradebot-docs")
    S = PUBLIC_SAMPLES
    r.add("docs/getting-started.md", r'''
        # Getting started

        ## Binance

        The Binance API docs use this example pair (it does not work against the live API):

        ```
        apiKey: «bdk»
        secretKey: «bds»
        ```

        Put your own key in `.env`:

        ```bash
        BINANCE_API_KEY=«p1»
        BINANCE_API_SECRET=«p2»
        ```

        ## AWS (for the S3 archiver)

        ```ini
        [default]
        aws_access_key_id = «awk»
        aws_secret_access_key = «aws»
        ```

        ## Telegram

        BotFather gives you a token like `«tgd»`. Set `TELEGRAM_TOKEN=«p3»`.

        ## Python config

        ```python
        exchange = ccxt.kraken({"apiKey": "«p4»", "secret": "«p5»"})
        db_url = "postgresql://%(user)s:«p6»@%(host)s/bot"
        ```

        ## PowerShell

        ```powershell
        $env:KRAKEN_SECRET = «p7»
        ```
        ''', "markdown_code", bdk=N("binance", "api_key", S["binance_doc_key"], "docs_sample"), bds=N("binance", "api_secret", S["binance_doc_secret"], "docs_sample"),
        p1=N("binance", "api_key", "<your-api-key>", "placeholder"), p2=N("binance", "api_secret", "<your-api-secret>", "placeholder"),
        awk=N("aws", "access_key_id", S["aws_example_key"], "docs_sample"), aws=N("aws", "secret_access_key", S["aws_example_secret"], "docs_sample"),
        tgd=N("telegram", "bot_token", S["telegram_doc"], "docs_sample", form="markdown_prose"), p3=N("telegram", "bot_token", "xxxxxxxxxx:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "placeholder", form="markdown_prose"),
        p4=N("kraken", "api_key", "YOUR_API_KEY", "placeholder"), p5=N("kraken", "private_key", "YOUR_SECRET", "placeholder"),
        p6=N("postgres", "password", "%(password)s", "placeholder"), p7=N("kraken", "private_key", "Read-Host -AsSecureString", "placeholder"))
    r.add("docs/security.md", r'''
        # Security notes

        - Logs mask keys: `«m1»`.
        - The dashboard shows only the last four characters: `«m2»`.
        - JWTs in examples come from jwt.io: `«jwt»`.
        - Passwords are stored as bcrypt, e.g. `«bc»`.
        - Release tarballs are signed; checksum `«sha»`.
        - Commit «git» removed the old `.env` from history.
        - The Anvil/Hardhat test key `«hh»` is public; never fund it on mainnet.
        - Flags: `«ff»` and `«ff2»` toggle API key auth in the web UI.
        - i18n: `«i18»` → "Enter your API secret".
        ''', "markdown_prose", m1=N("binance", "api_key", "vmPU" + "*" * 8 + "h8A", "masked"), m2=N("kraken", "api_key", "••••••••••••3f9Q", "masked"),
        jwt=N("jwt", "token", S["jwt_io"], "docs_sample"), bc=N("app", "password_hash", g.bcrypt(), "password_hash"), sha=N("release", "sha256", g.sha256(), "hash_sha256"),
        git=N("git", "commit", g.gitsha(), "git_sha"), hh=N("hardhat", "private_key", S["hardhat_pk0"], "docs_sample"),
        ff=N("generic", "feature_flag", "API_KEY_AUTH_ENABLED=true", "feature_flag"), ff2=N("generic", "feature_flag", "require_api_secret: false", "feature_flag"),
        i18=N("generic", "i18n_key", "form.apiSecret.placeholder", "i18n_key"))
    r.add("docs/config-reference.yml", r'''
        # All keys with their defaults. Secrets are read from the environment.
        exchange:
          api_key: «a»
          api_secret: «b»
          passphrase: «cc»
        telegram:
          token: «d»
          chat_id: «e»
        database:
          url: «f»
        ''', "yaml", a=N("generic", "api_key", "${EXCHANGE_API_KEY}", "env_reference"), b=N("generic", "api_secret", "${EXCHANGE_API_SECRET:?}", "env_reference"),
        cc=N("generic", "passphrase", "changeme", "placeholder"), d=N("telegram", "bot_token", "{{ telegram_token }}", "template_var"),
        e=N("telegram", "chat_id", "-1001234567890", "chat_id"), f=N("postgres", "db_url", "postgresql://user:password@localhost:5432/bot", "placeholder"))
    r.add("docs/assets/theme.css", r'''
        /* generated: theme.«h».css */
        :root { --accent: #f0b90b; --bg: #0b0e11; }
        .logo { background-image: url("data:image/png;base64,«img»"); }
        ''', "css", h=N("webpack", "asset_hash", g.hex(16), "asset_hash"), img=N("image", "png", base64.b64encode(tiny_png(g.r, 3, 3)).decode(), "base64_image"))
    r.add("docs/api/types.ts", r'''
        export interface ExchangeCredentials {
          «v1»: string;
          apiSecret: string;
          passphrase?: string;
        }

        export const SECRET_FIELDS = ["apiKey", "apiSecret", "passphrase", "privateKey"] as const;
        ''', "type_declaration", v1=N("generic", "api_key", "apiKey", "variable_name"))

def r_django(c):
    g = c.g; r = c.repo("django-signal-hub")
    dj = g.django(); pw = g.password(16); mq = g.password(14); mg = g.password(18); em = g.s(16, "abcdefghijklmnopqrstuvwxyz")
    r.add("signalhub/settings.py", r'''
        from pathlib import Path

        BASE_DIR = Path(__file__).resolve().parent.parent

        SECRET_KEY = '«dj»'
        DEBUG = False
        ALLOWED_HOSTS = ["signals.deskquant.io"]

        DATABASES = {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "signalhub",
                "USER": "signalhub",
                "PASSWORD": "«pw»",
                "HOST": "pg.internal",
            }
        }

        CELERY_BROKER_URL = "amqp://signalhub:«mq»@rabbitmq.internal:5672//"
        MONGO_URI = "mongodb+srv://hub:«mg»@cluster0.x7k2p.mongodb.net/ticks?retryWrites=true&w=majority"

        EMAIL_HOST = "smtp.gmail.com"
        EMAIL_HOST_USER = "alerts@deskquant.io"
        EMAIL_HOST_PASSWORD = "«em»"

        # SECRET_KEY = '«old»'
        ''', "assignment", dj=P("django", "secret_key", dj), pw=P("postgres", "password", pw, form="dict_literal"),
        mq=P("rabbitmq", "amqp_url", urllib.parse.quote(mq, safe=""), form="url_userinfo", secrets=[mq]),
        mg=P("mongodb", "srv_url", urllib.parse.quote(mg, safe=""), form="url_userinfo", secrets=[mg]), em=P("smtp", "app_password", em),
        old=P("django", "secret_key", g.django()[len("django-insecure-"):], form="comment"))
    r.add("signalhub/settings_prod.py", r'''
        import os

        from .settings import *  # noqa

        SECRET_KEY = «e1»
        DATABASES["default"]["PASSWORD"] = «e2»
        ''', "assignment", e1=N("django", "secret_key", 'os.environ["DJANGO_SECRET_KEY"]', "env_reference"),
        e2=N("postgres", "password", 'os.environ.get("DB_PASSWORD", "")', "env_reference"))
    r.add("signals/tests/test_views.py", r'''
        from django.test import TestCase, override_settings


        @override_settings(SECRET_KEY="«fk»")
        class WebhookTests(TestCase):
            def test_rejects_bad_signature(self):
                resp = self.client.post("/hooks/tv/", data={"sig": "«sig»"})
                self.assertEqual(resp.status_code, 403)
        ''', "assignment", fk=N("django", "secret_key", "test-secret-key-not-for-production", "marked_fake"),
        sig=N("tradingview", "signature", g.hex(64), "hmac_signature"))
    bx, bxs = g.bingx(); dtok = g.discord_bot()
    r.add("signals/discord_bot.py", r'''
        import discord
        from bingx.api import BingxAPI

        intents = discord.Intents.default()
        intents.message_content = True
        client = discord.Client(intents=intents)

        bingx = BingxAPI("«bx»", "«bxs»", timestamp="local")


        @client.event
        async def on_message(message):
            if message.content.startswith("!long"):
                bingx.open_market_order("BTC-USDT", "LONG", 0.001)

        client.run("«dtok»")
        ''', "ctor_pos", bx=P("bingx", "api_key", bx), bxs=P("bingx", "api_secret", bxs), dtok=P("discord", "bot_token", dtok))
    r.add("signals/migrations/0003_apikey.py", r'''
        from django.db import migrations, models


        class Migration(migrations.Migration):
            dependencies = [("signals", "0002_webhook")]

            operations = [
                migrations.AddField(model_name="exchangeaccount", name="«vn»", field=models.CharField(max_length=128, blank=True)),
                migrations.AddField(model_name="exchangeaccount", name="«ff»", field=models.BooleanField(default=False)),
            ]
        ''', "assignment", vn=N("generic", "api_secret", "api_secret_encrypted", "variable_name"),
        ff=N("generic", "feature_flag", "api_key_enabled", "feature_flag"))
    r.add("locale/en/LC_MESSAGES/django.po", r'''
        msgid "«i1»"
        msgstr "Your API secret is stored encrypted."

        msgid "settings.exchange.api_key"
        msgstr "API key"
        ''', "po", i1=N("generic", "i18n_key", "settings.exchange.api_secret.help", "i18n_key"))
    ossh, pub = openssh_ed25519(g.r, "deploy@signalhub")
    r.add("deploy/keys/deploy_ed25519", "«k»", "pem_block", k=P("ssh", "private_key", ossh))
    r.add("deploy/keys/deploy_ed25519.pub", "«k»", "public_key_line", k=N("ssh", "public_key", pub, "public_key"))

def r_bingx_discord(c):
    g = c.g; r = c.repo("bingx-copy-discord")
    dtok = g.discord_bot(); bx, bxs = g.bingx(); hook = g.discord_hook(); gh = g.github("gho_")
    r.add("index.js", r'''
        require("dotenv").config();
        const { Client, GatewayIntentBits, WebhookClient } = require("discord.js");

        const client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages] });
        const hook = new WebhookClient({ url: "«hook»" });

        const BINGX = {
          apiKey: process.env.BINGX_API_KEY || "«bx»",
          secretKey: process.env.BINGX_SECRET_KEY || "«bxs»",
        };

        client.once("ready", () => hook.send(`copy bot online as ${client.user.tag}`));
        client.login("«dtok»");
        ''', "env_fallback", hook=P("discord", "webhook_url", hook, form="options_object"), bx=P("bingx", "api_key", bx), bxs=P("bingx", "api_secret", bxs),
        dtok=P("discord", "bot_token", dtok, form="ctor_pos"))
    r.add(".env.sample", r'''
        DISCORD_TOKEN=«a»
        BINGX_API_KEY=«b»
        BINGX_SECRET_KEY=«cc»
        DISCORD_WEBHOOK_URL=«d»
        ''', "dotenv", a=N("discord", "bot_token", "your-discord-bot-token", "placeholder"), b=N("bingx", "api_key", "xxxxxxxxxxxxxxxxxxxxxxxx", "placeholder"),
        cc=N("bingx", "api_secret", "<secret>", "placeholder"), d=N("discord", "webhook_url", "https://discord.com/api/webhooks/<id>/<token>", "placeholder"))
    r.add("yarn.lock", r'''
        # THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.
        # yarn lockfile v1


        discord.js@^14.15.3:
          version "14.16.3"
          resolved "https://registry.yarnpkg.com/discord.js/-/discord.js-14.16.3.tgz#«h1»"
          integrity «i1»

        dotenv@^16.4.5:
          version "16.4.5"
          resolved "https://registry.yarnpkg.com/dotenv/-/dotenv-16.4.5.tgz#«h2»"
          integrity «i2»
        ''', "lockfile", h1=N("yarn", "tarball_sha1", g.gitsha(), "lockfile_integrity"), i1=N("yarn", "integrity", g.integrity(), "lockfile_integrity"),
        h2=N("yarn", "tarball_sha1", g.gitsha(), "lockfile_integrity"), i2=N("yarn", "integrity", g.integrity(), "lockfile_integrity"))
    r.add(".github/workflows/release.yml", r'''
        name: release
        on: { push: { tags: ["v*"] } }
        jobs:
          publish:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: npm ci && npm publish
                env:
                  NODE_AUTH_TOKEN: «ref»
                  # GH_TOKEN: «gh»
        ''', "gha_workflow", ref=N("npm", "access_token", "${{ secrets.NPM_TOKEN }}", "ci_secret_ref"), gh=P("github", "oauth_token", gh, form="comment"))

def r_chain_indexer(c):
    g = c.g; r = c.repo("evm-whale-indexer")
    alk = g.s(32, AL + "_-")
    r.add("indexer/constants.py", r'''
        # ERC-20 Transfer(address,address,uint256)
        TRANSFER_TOPIC = "«t1»"
        # EIP-1967 implementation slot
        IMPL_SLOT = "«t2»"
        UNISWAP_V3_FACTORY = "«f»"
        WETH = "«weth»"
        USDT = "«usdt»"
        WHALES = [
            "«w1»",
            "«w2»",
            "«w3»",
        ]
        GENESIS_BLOCK_HASH = "«gb»"
        ''', "assignment", t1=N("ethereum", "event_topic", "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", "hash_keccak"),
        t2=N("ethereum", "storage_slot", "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc", "hash_keccak"),
        f=N("uniswap", "factory_address", "0x1F98431c8aD98523631AE4a59f267346ea31F984", "contract_address"),
        weth=N("ethereum", "token_address", PUBLIC_SAMPLES["weth"], "contract_address"), usdt=N("ethereum", "token_address", PUBLIC_SAMPLES["usdt"], "contract_address"),
        w1=N("ethereum", "address", g.evm_addr(), "public_address"), w2=N("ethereum", "address", g.evm_addr(), "public_address"),
        w3=N("ethereum", "address", g.evm_addr(), "public_address"),
        gb=N("ethereum", "block_hash", "0xd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3", "hash_keccak"))
    tx = [g.txhash() for _ in range(4)]
    r.add("data/transfers_sample.csv", r'''
        block,tx_hash,from,to,token,amount
        21001234,«x0»,«a0»,«b0»,USDT,2500000.00
        21001236,«x1»,«a1»,«b1»,WETH,812.5
        21001240,«x2»,«a2»,«b2»,USDC,1200000.00
        ''', "csv", **{"x%d" % i: N("ethereum", "tx_hash", tx[i], "tx_hash") for i in range(3)},
        **{"a%d" % i: N("ethereum", "address", g.evm_addr(), "public_address") for i in range(3)},
        **{"b%d" % i: N("ethereum", "address", g.evm_addr(), "public_address") for i in range(3)})
    r.add("indexer/rpc.py", r'''
        import os

        from web3 import Web3

        RPC = os.getenv("ETH_RPC", "https://eth-mainnet.g.alchemy.com/v2/«alk»")
        w3 = Web3(Web3.HTTPProvider(RPC))


        def receipt(tx_hash: str):
            return w3.eth.get_transaction_receipt(tx_hash)


        if __name__ == "__main__":
            print(receipt("«tx3»"))
        ''', "env_fallback", alk=P("alchemy", "api_key", alk, form="url_path"), tx3=N("ethereum", "tx_hash", tx[3], "tx_hash", form="ctor_pos"))
    root = g.txhash(); salt = g.txhash()
    r.add("indexer/airdrop.json", r'''
        {
          "merkleRoot": "«root»",
          "salt": "«salt»",
          "claims": {
            "«ca»": {"index": 0, "amount": "0x0de0b6b3a7640000", "proof": ["«p1»", "«p2»"]}
          }
        }
        ''', "json", root=N("ethereum", "merkle_root", root, "hash_keccak"), salt=N("ethereum", "create2_salt", salt, "hash_keccak"),
        ca=N("ethereum", "address", g.evm_addr(), "public_address"), p1=V("negative", "ethereum", "merkle_proof", g.txhash(), trap="hash_keccak"),
        p2=V("negative", "ethereum", "merkle_proof", g.txhash(), trap="hash_keccak"))
    pk = g.evm_pk()
    r.add(".env.local", r'''
        # local fork only
        ETH_RPC=http://127.0.0.1:8545
        SIGNER_KEY=«pk»
        ''', "dotenv", pk=P("ethereum", "private_key", pk))

def r_sdk_tests(c):
    g = c.g; r = c.repo("pyexchange-sdk")
    bk, bs = g.binance()
    r.add("tests/conftest.py", r'''
        import pytest
        from unittest.mock import MagicMock

        from pyexchange import BinanceAdapter


        @pytest.fixture
        def mock_client():
            # obviously fake values; the HTTP layer is mocked
            return MagicMock(api_key="«f1»", api_secret="«f2»")


        @pytest.fixture
        def integration_adapter():
            # TODO remove before open-sourcing
            return BinanceAdapter(api_key="«bk»", api_secret="«bs»", testnet=True)
        ''', "ctor_kw", f1=N("binance", "api_key", "dummy-key", "marked_fake"), f2=N("binance", "api_secret", "dummy-secret", "marked_fake"),
        bk=P("binance", "api_key", bk), bs=P("binance", "api_secret", bs))
    r.add("tests/test_signing.py", r'''
        from pyexchange.signing import sign_query

        # Values from the Binance API docs "SIGNED endpoint examples" section (public example key, not an account)
        DOC_KEY = "«dk»"
        DOC_SECRET = "«ds»"
        QUERY = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"


        def test_matches_docs():
            assert sign_query(DOC_SECRET, QUERY) == "«expected»"


        def test_order_ids_are_uuid():
            assert is_uuid("«oid»")
        ''', "assignment", dk=N("binance", "api_key", PUBLIC_SAMPLES["binance_doc_key"], "docs_sample"),
        ds=N("binance", "api_secret", PUBLIC_SAMPLES["binance_doc_secret"], "docs_sample"),
        expected=N("binance", "signature", "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71", "hmac_signature"),
        oid=N("generic", "order_id", g.uuid(), "uuid_id", form="ctor_pos"))
    r.add("tests/cassettes/test_account.yaml", r'''
        interactions:
        - request:
            body: null
            headers:
              X-MBX-APIKEY:
              - «ph»
            method: GET
            uri: https://testnet.binance.vision/api/v3/account?timestamp=1733000000000&signature=«sig»
          response:
            status: {code: 200, message: OK}
        version: 1
        ''', "vcr_cassette", ph=N("binance", "api_key", "<BINANCE_API_KEY>", "placeholder"), sig=N("binance", "signature", g.hex(64), "hmac_signature", form="url_query"))
    kk, ks = g.kraken()
    r.add("tests/test_kraken.py", r'''
        from pyexchange import KrakenAdapter

        FAKE_SECRET = "«fs»"  # fake: base64 of 64 zero bytes


        def test_kraken_live_balance():
            k = KrakenAdapter(
                key="«kk»",
                secret="«ks»",
            )
            assert "ZUSD" in k.balance()
        ''', "ctor_kw", fs=N("kraken", "private_key", base64.b64encode(b"\0" * 64).decode(), "marked_fake", form="assignment"),
        kk=P("kraken", "api_key", kk), ks=P("kraken", "private_key", ks))
    rk = g.rsa(); bkr, _ = g.binance()
    r.add("examples/rsa_signing.py", r'''
        from binance.spot import Spot

        PRIVATE_KEY = """«pem»"""

        client = Spot(api_key="«bkr»", private_key=PRIVATE_KEY)
        print(client.account())
        ''', "pem_block", pem=P("binance", "rsa_private_key", rk["pkcs1"]), bkr=P("binance", "api_key", bkr, form="ctor_kw"))
    r.add("examples/rsa_public.pem", "«p»", "pem_block", p=N("binance", "rsa_public_key", rk["pub"], "public_key"))

def r_monitoring(c):
    g = c.g; r = c.repo("bot-observability")
    gpw = g.password(16); sh = g.slack_hook(); pmpw = g.password(14); odbc = g.password(15)
    r.add("grafana/grafana.ini", r'''
        [server]
        http_port = 3000

        [security]
        admin_user = admin
        admin_password = «gpw»
        ; admin_password = «old»

        [database]
        password = «ref»
        ''', "ini", gpw=P("grafana", "admin_password", gpw), old=P("grafana", "admin_password", g.password(12), form="comment"),
        ref=N("grafana", "db_password", "$__env{GF_DATABASE_PASSWORD}", "env_reference"))
    r.add("alertmanager/alertmanager.yml", r'''
        global:
          slack_api_url: «sh»
        route:
          receiver: desk
        receivers:
          - name: desk
            slack_configs:
              - channel: "#bot-alerts"
                send_resolved: true
          - name: oncall
            webhook_configs:
              - url: «ph»
        ''', "yaml", sh=P("slack", "webhook_url", sh), ph=N("pagerduty", "webhook_url", "https://events.pagerduty.com/integration/<integration-key>/enqueue", "placeholder"))
    r.add("prometheus/prometheus.yml", r'''
        scrape_configs:
          - job_name: freqtrade
            metrics_path: /metrics
            basic_auth:
              username: prom
              password: «pmpw»
            static_configs:
              - targets: ["ft1.internal:8080", "ft2.internal:8080"]
          - job_name: node
            basic_auth:
              username: prom
              password_file: «pf»
        ''', "yaml", pmpw=P("prometheus", "basic_auth_password", pmpw), pf=N("prometheus", "password_file", "/etc/prometheus/secrets/node_pw", "variable_name"))
    r.add("grafana/dashboards/pnl.json", r'''
        {
          "uid": "«uid»",
          "title": "Bot PnL",
          "panels": [
            {"type": "timeseries", "title": "Equity", "datasource": {"type": "postgres", "uid": "«dsuid»"}}
          ],
          "version": 14
        }
        ''', "json", uid=N("grafana", "dashboard_uid", g.mixed(14), "uuid_id"), dsuid=N("grafana", "datasource_uid", g.mixed(14), "uuid_id"))
    r.add("exporters/odbc.ini", r'''
        [TradesDSN]
        Driver = ODBC Driver 18 for SQL Server
        Server = tcp:trades-sql.internal,1433
        Database = trades
        UID = exporter
        PWD = «odbc»
        ''', "ini", odbc=P("mssql", "password", odbc))
    cs = "Driver={ODBC Driver 18 for SQL Server};Server=tcp:trades-sql.internal,1433;Database=trades;Uid=exporter;Pwd=%s;Encrypt=yes;" % g.password(15)
    r.add("exporters/pnl_exporter.py", r'''
        import pyodbc
        from prometheus_client import Gauge, start_http_server

        CONN = "«cs»"
        pnl = Gauge("desk_pnl_usd", "Realised PnL")

        if __name__ == "__main__":
            start_http_server(9105)
            with pyodbc.connect(CONN) as db:
                pnl.set(db.execute("select sum(pnl) from fills").fetchval())
        ''', "conn_string", cs=P("mssql", "odbc_connection_string", cs, needles=[cs.split("Pwd=")[1].split(";")[0]], secrets=[cs.split("Pwd=")[1].split(";")[0]]))

def r_research_nb(c):
    g = c.g; r = c.repo("quant-research-notebooks")
    kk, ks = g.kraken(); tg = g.telegram(); uid = g.s(4, UP) + "-" + g.s(4, UP) + "-" + g.s(4, UP) + "-" + g.s(4, UP)
    o1, o2, o3 = g.uuid(), g.uuid(), g.uuid()
    notebook(r, "notebooks/kraken_fills.ipynb", [
        ("code", '''
            import os, ccxt
            os.environ.setdefault("KRAKEN_API_KEY", "«kk»")
            os.environ.setdefault("KRAKEN_API_SECRET", "«ks»")
            kraken = ccxt.kraken({"apiKey": os.environ["KRAKEN_API_KEY"], "secret": «envk»})
            print(kraken.apiKey[:6] + "…")''', "«masked»…"),
        ("code", "fills = kraken.fetch_my_trades('BTC/USD', limit=3)\nfor f in fills: print(f['order'], f['side'], f['amount'])", '''
            «o1» buy 0.0125
            «o2» sell 0.0125
            «o3» buy 0.02'''),
        ("code", "bal = kraken.fetch_balance()\nprint(bal['info'].get('uid'))", "«uid»"),
        ("code", "from telegram import Bot\nBot(token=os.environ.get('TG', '')).get_me()", '''
            telegram.error.InvalidToken: Invalid token '«tg»' (token was revoked?)'''),
    ], kk=P("kraken", "api_key", kk, form="env_fallback"), ks=P("kraken", "private_key", ks, form="env_fallback"),
       masked=N("kraken", "api_key", kk[:6], "masked"), envk=N("kraken", "private_key", 'os.environ["KRAKEN_API_SECRET"]', "env_reference", form="dict_literal"), o1=N("kraken", "order_id", o1, "uuid_id"), o2=N("kraken", "order_id", o2, "uuid_id"),
       o3=N("kraken", "order_id", o3, "uuid_id"), uid=N("kraken", "account_id", uid, "account_id"), tg=P("telegram", "bot_token", tg))
    sha = g.gitsha()
    r.add("requirements.txt", r'''
        ccxt==4.3.98
        pandas==2.2.3
        python-telegram-bot==21.6
        vectorbt @ git+https://github.com/polakowo/vectorbt.git@«sha»
        ''', "requirements", sha=N("git", "commit", sha, "git_sha"))
    at = g.oanda()
    r.add("julia/fx_carry.jl", r'''
        using HTTP, JSON3

        const OANDA_TOKEN = get(ENV, "OANDA_TOKEN") do
            "«at»"
        end

        println("loaded token of length ", length(OANDA_TOKEN))
        ''', "env_fallback", at=P("oanda", "access_token", at))

def r_wallet_watch(c):
    g = c.g; r = c.repo("wallet-watch-go")
    es, bs = g.s(34, UP), g.s(34, UP)
    r.add(".env", r'''
        ETHERSCAN_API_KEY=«es»
        BSCSCAN_API_KEY=«bs»
        WATCH_ADDRESSES=«a1»,«a2»
        ''', "dotenv", es=P("etherscan", "api_key", es), bs=P("bscscan", "api_key", bs),
        a1=N("ethereum", "address", g.evm_addr(), "public_address"), a2=V("negative", "ethereum", "address", g.evm_addr(), trap="public_address"))
    sols = [g.sol_pub() for _ in range(2)]; btcs = [g.btc_addr() for _ in range(2)]
    r.add("internal/watch/targets.go", r'''
        package watch

        // Targets are public addresses only; no keys live in this service.
        var Targets = []Target{
        	{Chain: "eth", Address: "«e1»", Label: "cold-1"},
        	{Chain: "eth", Address: "«e2»", Label: "hl-vault"},
        	{Chain: "sol", Address: "«s1»", Label: "jito-tips"},
        	{Chain: "sol", Address: "«s2»", Label: "market-maker"},
        	{Chain: "btc", Address: "«b1»", Label: "treasury"},
        	{Chain: "btc", Address: "«b2»", Label: "otc"},
        }
        ''', "struct_literal", e1=N("ethereum", "address", g.evm_addr(), "public_address"), e2=N("ethereum", "address", g.evm_addr(), "public_address"),
        s1=N("solana", "address", sols[0], "public_address"), s2=N("solana", "address", sols[1], "public_address"),
        b1=N("bitcoin", "address", btcs[0], "public_address"), b2=N("bitcoin", "address", btcs[1], "public_address"))
    r.add("internal/watch/watch_test.go", r'''
        package watch

        import "testing"

        // fakeKey is a made-up value for tests; it is not a real Etherscan key.
        const fakeKey = "«fk»"

        func TestParseTx(t *testing.T) {
        	tx, err := parseTx([]byte(`{"hash":"«tx»","value":"0x1"}`))
        	if err != nil || tx.Hash == "" {
        		t.Fatal(err)
        	}
        }
        ''', "const", fk=N("etherscan", "api_key", "FAKEETHERSCANKEY0000000000000000", "marked_fake"), tx=N("ethereum", "tx_hash", g.txhash(), "tx_hash", form="json_in_string"))
    bk, bs2 = g.binance(); ak, asec = g.aws()
    r.add("scripts/run_local.bat", r'''
        @echo off
        REM local run on the trading PC
        set BINANCE_API_KEY=«bk»
        set BINANCE_API_SECRET=«bs2»
        set AWS_ACCESS_KEY_ID=«ak»
        set AWS_SECRET_ACCESS_KEY=«asec»
        go run .\cmd\watch
        ''', "assignment", bk=P("binance", "api_key", bk), bs2=P("binance", "api_secret", bs2), ak=P("aws", "access_key_id", ak), asec=P("aws", "secret_access_key", asec))
    reqs = [g.uuid() for _ in range(3)]
    r.add("logs/watch.log", r'''
        time=2024-12-04T07:00:00Z level=info msg="poll" chain=eth request_id=«r0»
        time=2024-12-04T07:00:05Z level=info msg="poll" chain=sol request_id=«r1»
        time=2024-12-04T07:00:09Z level=warn msg="etherscan rate limited" request_id=«r2» apikey=«m»
        ''', "log_line", r0=N("generic", "request_id", reqs[0], "uuid_id"), r1=N("generic", "request_id", reqs[1], "uuid_id"),
        r2=N("generic", "request_id", reqs[2], "uuid_id"), m=V("negative", "etherscan", "api_key", es[:4] + "****", trap="masked", needles=[es[:4] + "****"]))

def r_notifier(c):
    g = c.g; r = c.repo("desk-notifier")
    sg = g.sendgrid(); ac, at = g.twilio(); xb = g.slack_bot(); an = g.anthropic()
    r.add("notifier/channels.py", r'''
        from sendgrid import SendGridAPIClient
        from slack_sdk import WebClient
        from twilio.rest import Client as Twilio

        mail = SendGridAPIClient("«sg»")
        sms = Twilio("«ac»", "«at»")
        slack = WebClient(token="«xb»")


        def fanout(text: str) -> None:
            slack.chat_postMessage(channel="#desk", text=text)
            sms.messages.create(to="+4915112345678", from_="+12025550143", body=text[:160])
        ''', "ctor_pos", sg=P("sendgrid", "api_key", sg), ac=N("twilio", "account_sid", ac, "account_id"), at=P("twilio", "auth_token", at),
        xb=P("slack", "bot_token", xb, form="ctor_kw"))
    sh = g.slack_hook(); dh = g.discord_hook(); an2 = g.anthropic()
    r.add("notifier/config.toml", r'''
        [anthropic]
        api_key = "«an»"
        model = "claude-3-5-haiku-latest"

        [discord]
        webhook = "«dh»"

        [slack]
        # webhook = "«sh»"
        channel = "#desk"
        ''', "toml", an=P("anthropic", "api_key", an), dh=P("discord", "webhook_url", dh), sh=P("slack", "webhook_url", sh, form="comment"))
    sg2 = g.sendgrid(); ac2, at2 = g.twilio()
    r.add("cmd/notify/main.go", r'''
        package main

        import (
        	"cmp"
        	"log"
        	"os"

        	"github.com/sendgrid/sendgrid-go"
        	"github.com/twilio/twilio-go"
        )

        func main() {
        	client := sendgrid.NewSendClient(cmp.Or(os.Getenv("SENDGRID_API_KEY"), "«sg2»"))
        	tw := twilio.NewRestClientWithParams(twilio.ClientParams{
        		Username: "«ac2»",
        		Password: "«at2»",
        	})
        	_, _ = client, tw
        	log.Println("notifier up")
        }
        ''', "env_fallback", sg2=P("sendgrid", "api_key", sg2), ac2=N("twilio", "account_sid", ac2, "account_id", form="struct_literal"),
        at2=P("twilio", "auth_token", at2, form="struct_literal"))
    r.add("notifier/templates/alert.j2", r'''
        Fill on {{ exchange }}: {{ side }} {{ qty }} {{ symbol }} @ {{ price }}
        key: «tv»
        ''', "jinja", tv=N("generic", "api_key", "{{ api_key | mask }}", "template_var"))
    r.add(".env", r'''
        ANTHROPIC_API_KEY=«an2»
        GITHUB_TOKEN=«gh»
        ''', "dotenv", an2=P("anthropic", "api_key", an2), gh=P("github", "pat", g.github_pat()))

def r_wheel(c):
    g = c.g; r = c.repo("options-wheel-bot")
    ttpw = g.password(16); rem = g.b64url(36); tr = g.tradier()
    r.add("wheel/brokers.py", r'''
        import os

        from tastytrade import Session

        TT_USER = os.getenv("TT_USER", "wheel.desk")
        TT_PASSWORD = os.getenv("TT_PASSWORD", "«ttpw»")

        session = Session(login=TT_USER, password=«pv», remember_me=True)
        # remember token from last login, lets us skip 2FA for 28 days
        REMEMBER_TOKEN = "«rem»"

        TRADIER = {"token": "«tr»", "account": "VA55501234", "sandbox": False}
        ''', "env_fallback", ttpw=P("tastytrade", "password", ttpw), rem=P("tastytrade", "remember_token", rem, form="assignment"), pv=N("tastytrade", "password", "TT_PASSWORD", "variable_name", form="ctor_kw"),
        tr=P("tradier", "access_token", tr, form="dict_literal"))
    wk, ws = g.whitebit(); pk, ps = g.phemex(); kid, ksec = g.korbit()
    r.add("config/hedge.yaml", r'''
        hedges:
          - venue: whitebit
            api_key: «wk»
            api_secret: «ws»
          - venue: phemex
            api_key: «pk»
            api_secret: «ps»
          - venue: korbit
            client_id: «kid»
            client_secret: «ksec»
        ''', "yaml", wk=P("whitebit", "api_key", wk), ws=P("whitebit", "api_secret", ws), pk=P("phemex", "api_key", pk), ps=P("phemex", "api_secret", ps),
        kid=P("korbit", "client_id", kid), ksec=P("korbit", "client_secret", ksec))
    ak, _ = g.htx(); sig = urllib.parse.quote(g.b64(32), safe="")
    r.add("logs/htx.log", r'''
        2024-12-05 06:00:00 DEBUG GET https://api.huobi.pro/v1/account/accounts?AccessKeyId=«ak»&SignatureMethod=HmacSHA256&SignatureVersion=2&Timestamp=2024-12-05T06%3A00%3A00&Signature=«sig»
        2024-12-05 06:00:01 DEBUG response {"status":"ok","data":[{"id":«aid»,"type":"spot","state":"working"}]}
        ''', "signed_query", ak=P("htx", "access_key", ak), sig=N("htx", "signature", sig, "hmac_signature"), aid=N("htx", "account_id", g.digits(8), "account_id"))
    kid2, ks2 = g.korbit()
    r.add("korbit/src/main.rs", r'''
        use korbit::{ClientConfig, KorbitClient};

        fn main() {
            let client = KorbitClient::new(ClientConfig {
                client_id: "«kid2»".into(),
                client_secret: "«ks2»".into(),
                ..Default::default()
            });
            println!("{:?}", client.ticker("btc_krw"));
        }
        ''', "struct_literal", kid2=P("korbit", "client_id", kid2), ks2=P("korbit", "client_secret", ks2))

def r_jwt_gateway(c):
    g = c.g; r = c.repo("bot-api-gateway")
    js = g.b64(48); js2 = g.jwt_secret(); wh = "whsec_" + g.mixed(32); sk = g.stripe()
    r.add(".env", r'''
        PORT=8080
        JWT_SECRET=«js»
        STRIPE_SECRET_KEY=«sk»
        STRIPE_WEBHOOK_SECRET=«wh»
        CORS_ORIGIN=https://app.deskquant.io
        ''', "dotenv", js=P("jwt", "signing_secret", js), sk=P("stripe", "secret_key", sk), wh=P("stripe", "webhook_secret", wh))
    r.add("src/auth.ts", r'''
        import jwt from "jsonwebtoken";
        import type { Request, Response, NextFunction } from "express";

        const SECRET = process.env.JWT_SECRET || "«js2»";

        export function issue(botId: string): string {
          return jwt.sign({ sub: botId, scope: ["orders:write"] }, SECRET, { expiresIn: "12h" });
        }

        export function legacyIssue(botId: string): string {
          // v1 tokens, still accepted until March
          return jwt.sign({ sub: botId }, "«js3»", { algorithm: "HS256" });
        }

        export function requireAuth(req: Request, res: Response, next: NextFunction) {
          const token = (req.headers.authorization || "").replace(/^Bearer /, "");
          try {
            jwt.verify(token, SECRET);
            next();
          } catch {
            res.status(401).end();
          }
        }
        ''', "env_fallback", js2=P("jwt", "signing_secret", js2), js3=P("jwt", "signing_secret", g.password(24), form="ctor_pos"))
    bk, _ = g.binance(); tg = g.telegram()
    r.add("CHANGELOG.md", r'''
        # Changelog

        ## 2.4.1 — 2024-10-18

        - Security: rotated the Binance key after it showed up in CI logs. The old key was «bk» (now revoked).
        - Fix: websocket reconnect storm when the exchange returns 503.

        ## 2.4.0 — 2024-10-02

        - Telegram alerts now go through @desk_alerts_bot (token «tg», stored in 1Password from now on).
        - Feature: per-bot rate limits, see `«ff»` in the config.
        ''', "markdown_prose", bk=P("binance", "api_key", bk), tg=P("telegram", "bot_token", tg),
        ff=N("generic", "feature_flag", "rate_limit_per_api_key_enabled", "feature_flag"))
    r.add("test/auth.test.ts", r'''
        import { issue } from "../src/auth";

        // jwt.io example token, decoded only (signature not checked here)
        const SAMPLE = "«jio»";

        test("issues a token", () => {
          process.env.JWT_SECRET = "«fake»"; // fake test secret
          expect(issue("bot-1").split(".")).toHaveLength(3);
          expect(SAMPLE.split(".")).toHaveLength(3);
        });
        ''', "assignment", jio=N("jwt", "token", PUBLIC_SAMPLES["jwt_io"], "docs_sample", form="const"),
        fake=N("jwt", "signing_secret", "test-only-not-a-real-secret", "marked_fake"))

def r_electrum(c):
    g = c.g; r = c.repo("electrum-hedger")
    zprv = g.xprv("04b2430c"); seed = g.mnemonic(12)
    zpub = b58check(bytes.fromhex("04b24746") + b"\0" * 9 + g.by(32) + b"\x03" + g.by(32))
    r.add("wallets/hedge_wallet.json", r'''
        {
            "addr_history": {},
            "keystore": {
                "pw_hash_version": 1,
                "seed": "«seed»",
                "type": "bip32",
                "xprv": "«zprv»",
                "xpub": "«zpub»"
            },
            "seed_type": "segwit",
            "seed_version": 59,
            "use_encryption": false,
            "wallet_type": "standard"
        }
        ''', "json", seed=P("bitcoin", "mnemonic", seed), zprv=P("bitcoin", "xprv", zprv), zpub=N("bitcoin", "xpub", zpub, "public_key"))
    tprv = g.xprv("04358394"); wif_t = b58check(b"\xef" + bytes.fromhex(g.evm_pk()) + b"\x01")
    r.add("hedger/config_testnet.py", r'''
        NETWORK = "testnet"
        # signet faucet wallet for the integration tests
        TPRV = "«tprv»"
        FEE_WIF = "«wif»"
        ''', "assignment", tprv=P("bitcoin", "xprv", tprv), wif=P("bitcoin", "wif", wif_t))
    r.add("hedger/hedge.py", r'''
        from electrum.commands import Commands

        def hedge(cmd: Commands, amount_btc: float, dest: str) -> str:
            tx = cmd.payto(dest, amount_btc, password=«pn»)
            return cmd.broadcast(tx)

        if __name__ == "__main__":
            print("dest", "«addr»")
        ''', "ctor_pos", addr=N("bitcoin", "address", bech32_addr("tb", 0, g.by(20)), "public_address"),
        pn=N("electrum", "wallet_password", "None", "empty_value", form="ctor_kw"))

# ---------------------------------------------------------------- clean boilerplate (no labels) so repositories look complete
GITIGNORE = {
    "python": "__pycache__/\n*.pyc\n.venv/\n.env\n*.sqlite\n.ipynb_checkpoints/\n",
    "node": "node_modules/\ndist/\n.env\n.env.local\ncoverage/\n",
    "go": "bin/\n*.test\ncoverage.out\n.env\n",
    "rust": "target/\n.env\n",
    "jvm": "build/\n.gradle/\ntarget/\n*.iml\n.idea/\nlocal.properties\n",
    "dotnet": "bin/\nobj/\n*.user\n.vs/\nappsettings.Development.json\n",
    "generic": ".env\n*.log\n*.pem\n.DS_Store\n",
}
def _flavour(repo):
    exts = {os.path.splitext(p)[1] for p in repo.files}
    if exts & {".py", ".ipynb"}: return "python"
    if exts & {".ts", ".js"}: return "node"
    if ".go" in exts: return "go"
    if ".rs" in exts: return "rust"
    if exts & {".java", ".kt", ".kts", ".scala", ".clj"}: return "jvm"
    if exts & {".cs", ".vb", ".fs", ".fsx"}: return "dotnet"
    return "generic"
def boilerplate(c):
    for repo in c.repos:
        name = repo.dirname.split("-", 1)[1]
        if ".gitignore" not in repo.files:
            repo.add(".gitignore", GITIGNORE[_flavour(repo)] + "# local secrets\nsecrets/\n")
        if "README.md" not in repo.files:
            files = sorted(p for p in repo.files if not p.startswith(".") and not re.search(r"[0-9a-f]{20}", p))
            repo.add("README.md", "# %s\n\nInternal trading tooling. Not investment advice; use at your own risk.\n\n## Layout\n\n%s\n\n"
                     "## Running\n\nCredentials are read from the environment (see the config files). Rotate any key that was ever committed.\n"
                     % (name, "\n".join("- `%s`" % p for p in files[:8])))

REPOS = [r_binance_grid, r_freqtrade, r_hummingbot, r_ccxt_arb, r_go_kraken, r_rust_bybit, r_java_okx, r_kotlin_kucoin, r_csharp_bitget,
         r_vbnet_gate, r_fsharp_deribit, r_php_mexc, r_ruby_gemini, r_elixir_bitstamp, r_erlang_htx, r_clojure_bitvavo, r_haskell_phemex,
         r_ocaml_whitebit, r_scala_upbit, r_swift_alpaca, r_dart_korea, r_lua_bithumb, r_r_oanda, r_julia_tradier, r_perl_coinone,
         r_powershell_ib, r_bash_ops, r_zig_solana, r_cpp_hft, r_hardhat, r_solana_jito, r_btc_dca, r_k8s_helm, r_ci, r_http_captures,
         r_data_dumps, r_ml_signals, r_threecommas, r_config_zoo, r_zerodha, r_hyperliquid, r_coinbase, r_docs_site,
         r_django, r_bingx_discord, r_chain_indexer, r_sdk_tests, r_monitoring, r_research_nb, r_wallet_watch, r_notifier, r_wheel,
         r_jwt_gateway, r_electrum]

# ================================================================ main
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=20261206)
    a = ap.parse_args()
    c = Corpus(a.seed)
    for fn in REPOS:
        fn(c)
    boilerplate(c)
    labels = c.write(a.out)
    pos = sum(1 for l in labels if l["label"] == "positive")
    print("repos=%d files=%d labels=%d positive=%d negative=%d langs=%d" % (
        len(c.repos), sum(len(r.files) for r in c.repos), len(labels), pos, len(labels) - pos, len({l["lang"] for l in labels})))

if __name__ == "__main__":
    main()
