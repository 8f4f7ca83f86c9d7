"""Shared trap material: placeholders, well-known public sample values."""

PLACEHOLDERS = [
    "your_api_key_here", "YOUR_API_KEY", "<YOUR_API_KEY>", "<insert-key>", "xxxxxxxxxxxxxxxxxxxxxxxx",
    "changeme", "REPLACE_ME", "TODO", "...", "********", "INSERT_YOUR_KEY", "api-key-goes-here",
    "votre_cle_api", "tu_clave_api_aqui", "ваш_api_ключ", "あなたのAPIキー", "请填写API密钥", "dein_api_schluessel",
    "sua_chave_api", "<secret>", "[YOUR SECRET]", "put-your-secret-here", "XXXX-XXXX-XXXX", "none",
    "sk_live_XXXXXXXXXXXXXXXXXXXXXXXX", "0xYOUR_PRIVATE_KEY", "0x0000000000000000000000000000000000000000000000000000000000000000",
    "abc123", "test", "dummy", "example", "your-secret-key", "<paste here>", "API_KEY", "%API_KEY%", "{API_KEY}",
    "여기에_API_키_입력", "nhap_api_key_vao_day", "inserisci_chiave", "123456789:ABCdefGhIJKlmNoPQRsTUVwxyZ",
]

# Well-known public documentation / tooling values (not secrets).
AWS_DOC_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_DOC_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
HARDHAT_PK0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcaf784d7bf4f2ff80"
HARDHAT_PK1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"
HARDHAT_ADDR0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
HARDHAT_MNEMONIC = "test test test test test test test test test test test junk"
BIP39_VECTOR = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"
STRIPE_DOC = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"
TELEGRAM_DOC = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"
WIF_WIKI = "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ"
JWT_IO = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
          ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")
BINANCE_DOC_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
BINANCE_DOC_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
BIP32_TV1 = ("xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi")


def mask(v, keep=4, ch="*"):
    return v[:keep] + ch * max(8, len(v) - 2 * keep) + v[-keep:]
