/* Wine 8 has no bcryptprimitives.dll; Rust's standard library imports ProcessPrng from
   it. This stand-in forwards to BCryptGenRandom, which Wine has. Tests only. */
#include <windows.h>
#include <bcrypt.h>
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    return BCryptGenRandom(NULL, data, (ULONG)len, BCRYPT_USE_SYSTEM_PREFERRED_RNG) == 0;
}
