/* Test-only: holds a file open without sharing, the way Excel holds an open workbook, for
 * the given number of seconds: hold.exe FILE SECONDS. Built by scripts/wine-tests.sh. */
#include <windows.h>
#include <stdlib.h>

int wmain(int argc, wchar_t **argv) {
    if (argc < 3) return 2;
    HANDLE h = CreateFileW(argv[1], GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) return 1;
    Sleep((DWORD)_wtoi(argv[2]) * 1000);
    CloseHandle(h);
    return 0;
}
