/* ProcessPrng for Wine 8 (Debian 12), which lacks bcryptprimitives.dll: Rust's standard library
 * for Windows takes its random numbers from ProcessPrng, which Windows 10 and later ship in
 * bcryptprimitives.dll. release/windows.sh builds this file with MinGW into the Wine prefix's
 * system32 folder so that knte.exe starts under Wine at all; it never goes into the zip, as every
 * Windows PC has the real DLL. It answers from BCryptGenRandom, the system's random source that
 * Wine does have. */
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
