//! What differs between Linux and Windows, kept in one place: the console's code page and whether a
//! process is still running. Input: the running system. Output: the console set up for UTF-8 text,
//! and a yes, no or "cannot tell" for a process id. Everything else in knte is written once for both
//! systems (paths joined with `Path::join`, URLs and output paths always with `/`).

/// Sets the console up for knte's output. On Windows, the console's output code page becomes UTF-8
/// (65001): knte writes UTF-8, and a program that reads its output through a pipe in the same
/// console (`more`, `findstr`, a batch file's `for /f`) decodes it with that code page, which is 949
/// on a Korean Windows and would garble every Korean message. Text written straight to the console
/// window shows correctly either way. Elsewhere there is nothing to do.
pub fn init_console() {
    #[cfg(windows)]
    // SAFETY: SetConsoleOutputCP takes a code page number and has no other preconditions; without
    // a console it fails and changes nothing.
    unsafe {
        windows_sys::Win32::System::Console::SetConsoleOutputCP(
            windows_sys::Win32::Globalization::CP_UTF8,
        );
    }
}

/// Said after a failed write of the output folder: on Windows a folder cannot be renamed while a
/// program holds one of its files open, which a PDF viewer showing the last report does.
pub const OUTPUT_IN_USE_HINT: &str = if cfg!(windows) {
    "; close any program that has a file of the output open (a PDF viewer, an Explorer window in the folder)"
} else {
    ""
};

/// Whether the process `pid` is running: `Some(true)` or `Some(false)`, or `None` where the system
/// cannot tell (Linux without `/proc`, other systems). Used to remove only the folders of builds
/// and servers that are gone; a process id the system has since reused reads as running, which
/// only keeps a stale folder a while longer.
pub fn process_running(pid: u32) -> Option<bool> {
    #[cfg(target_os = "linux")]
    {
        let proc = std::path::Path::new("/proc");
        if !proc.join("self").exists() {
            return None;
        }
        Some(proc.join(pid.to_string()).exists())
    }
    #[cfg(windows)]
    {
        use windows_sys::Win32::Foundation::{
            CloseHandle, GetLastError, ERROR_ACCESS_DENIED, STILL_ACTIVE,
        };
        use windows_sys::Win32::System::Threading::{
            GetExitCodeProcess, OpenProcess, PROCESS_QUERY_LIMITED_INFORMATION,
        };
        // SAFETY: OpenProcess takes plain values; the handle it returns is closed below, once.
        let handle = unsafe { OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid) };
        if handle.is_null() {
            // SAFETY: reads the calling thread's last error, set by OpenProcess just above.
            let error = unsafe { GetLastError() };
            // Another user's process cannot be opened but is there; no process gives
            // ERROR_INVALID_PARAMETER.
            return Some(error == ERROR_ACCESS_DENIED);
        }
        let mut code = 0u32;
        // SAFETY: `handle` is open with the query right GetExitCodeProcess needs, and `code` is a
        // valid place for the result.
        let ok = unsafe { GetExitCodeProcess(handle, &mut code) } != 0;
        // SAFETY: `handle` came from OpenProcess and is not used after this.
        unsafe { CloseHandle(handle) };
        // A process that has ended but whose handle someone still holds can be opened too.
        Some(ok && code == STILL_ACTIVE as u32)
    }
    #[cfg(not(any(target_os = "linux", windows)))]
    {
        let _ = pid;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_a_running_process_from_one_that_has_ended() {
        assert_eq!(process_running(std::process::id()), Some(true));
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .arg("--list")
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let pid = child.id();
        child.wait().unwrap();
        // Reaped: its id names no process (until the system hands it out again, which it does
        // only after going round the whole range).
        assert_eq!(process_running(pid), Some(false));
    }
}
