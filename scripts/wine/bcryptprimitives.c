/* Test-only stand-in for Windows' bcryptprimitives.dll, which Wine 8 lacks and Rust's
 * standard library imports (ProcessPrng, for HashMap seeds). It forwards to advapi32's
 * RtlGenRandom (SystemFunction036), which Wine has. Never shipped: Windows 10/11 have
 * the real one. Built by scripts/wine-tests.sh with x86_64-w64-mingw32-gcc. */
#include <windows.h>

typedef BOOLEAN(WINAPI *RtlGenRandomFn)(PVOID, ULONG);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    static RtlGenRandomFn gen;
    if (!gen) {
        HMODULE advapi = LoadLibraryA("advapi32.dll");
        gen = advapi ? (RtlGenRandomFn)(void *)GetProcAddress(advapi, "SystemFunction036") : NULL;
    }
    while (len > 0) {
        ULONG n = len > 0x7fffffff ? 0x7fffffff : (ULONG)len;
        if (!gen || !gen(data, n)) return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
