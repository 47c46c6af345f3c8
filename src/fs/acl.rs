//! Windows' counterpart of mode `0600`: an access list that lets only the file's owner
//! in, and the check of who else an access list lets in.
//!
//! On Windows a new file takes its folder's access list, which in a user profile lets in
//! the user, `SYSTEM` and the administrators — and elsewhere may let in anyone. nt3
//! writes credential files and the sync state with a protected list of one entry: the
//! current user, full control. Reading, it treats a file or folder whose list lets
//! another account (other than `SYSTEM` and the administrators, who can read anything
//! anyway) write as untrusted, and one that lets another account read as loose, as it
//! does with Unix modes.
//!
//! Wine keeps an access list as the file's Unix mode, and cannot keep an owner-only one
//! (it reads back as readable by everyone); under Wine nt3 sets lists as on Windows but
//! does not judge them ([`emulated`]).

use std::ffi::c_void;
use std::io;
use std::os::windows::ffi::OsStrExt;
use std::path::Path;
use std::ptr;
use std::sync::OnceLock;

use windows_sys::Win32::Foundation::{CloseHandle, HANDLE, LocalFree};
use windows_sys::Win32::Security::Authorization::{
    GetNamedSecurityInfoW, SE_FILE_OBJECT, SetNamedSecurityInfoW,
};
use windows_sys::Win32::Security::{
    ACCESS_ALLOWED_ACE, ACE_HEADER, ACL, ACL_REVISION, ACL_SIZE_INFORMATION, AclSizeInformation,
    AddAccessAllowedAceEx, DACL_SECURITY_INFORMATION, EqualSid, GetAce, GetAclInformation,
    GetLengthSid, GetTokenInformation, InitializeAcl, IsWellKnownSid,
    PROTECTED_DACL_SECURITY_INFORMATION, PSECURITY_DESCRIPTOR, PSID, TOKEN_QUERY, TOKEN_USER,
    TokenUser, WinBuiltinAdministratorsSid, WinLocalSystemSid,
};
use windows_sys::Win32::System::LibraryLoader::{GetModuleHandleA, GetProcAddress};
use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

const ACCESS_ALLOWED_ACE_TYPE: u8 = 0;
const INHERIT_ONLY_ACE: u8 = 0x08;
const OBJECT_INHERIT_ACE: u8 = 0x01;
const CONTAINER_INHERIT_ACE: u8 = 0x02;
const FILE_ALL_ACCESS: u32 = 0x001F_01FF;
const READS: u32 = 0x0000_0001 | 0x8000_0000 | 0x1000_0000; // data, GENERIC_READ, GENERIC_ALL
const WRITES: u32 = 0x0000_0002 // data
    | 0x0000_0004 // append
    | 0x0004_0000 // WRITE_DAC
    | 0x0008_0000 // WRITE_OWNER
    | 0x4000_0000 // GENERIC_WRITE
    | 0x1000_0000; // GENERIC_ALL

/// What an access list lets other accounts do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Others {
    pub read: bool,
    pub write: bool,
}

/// Gives `path` a protected access list that lets only the current user in (a folder's
/// entry is inherited by what is created in it).
pub fn restrict(path: &Path, folder: bool) -> io::Result<()> {
    let user = User::current()?;
    // SAFETY: the ACL buffer is sized for its header and one entry holding the SID,
    // aligned for ACL (u64 words), and lives until SetNamedSecurityInfoW returns.
    unsafe {
        let sid_len = GetLengthSid(user.sid()) as usize;
        let len = size_of::<ACL>() + size_of::<ACCESS_ALLOWED_ACE>() - size_of::<u32>() + sid_len;
        let mut buffer = vec![0u64; len.div_ceil(8)];
        let acl = buffer.as_mut_ptr().cast::<ACL>();
        if InitializeAcl(acl, len as u32, ACL_REVISION) == 0 {
            return Err(io::Error::last_os_error());
        }
        let inherit = if folder {
            OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE
        } else {
            0
        };
        if AddAccessAllowedAceEx(
            acl,
            ACL_REVISION,
            inherit.into(),
            FILE_ALL_ACCESS,
            user.sid(),
        ) == 0
        {
            return Err(io::Error::last_os_error());
        }
        let name = wide(path);
        let err = SetNamedSecurityInfoW(
            name.as_ptr(),
            SE_FILE_OBJECT,
            DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
            ptr::null_mut(),
            ptr::null_mut(),
            acl,
            ptr::null(),
        );
        if err != 0 {
            return Err(io::Error::from_raw_os_error(err as i32));
        }
    }
    Ok(())
}

/// What the access list of `path` lets accounts other than the current user, `SYSTEM`
/// and the administrators do (nothing, under Wine: see [`emulated`]).
pub fn others(path: &Path) -> io::Result<Others> {
    if emulated() {
        return Ok(Others::default());
    }
    let user = User::current()?;
    let name = wide(path);
    let mut dacl: *mut ACL = ptr::null_mut();
    let mut descriptor: PSECURITY_DESCRIPTOR = ptr::null_mut();
    // SAFETY: the out-pointers are valid; the descriptor Windows allocates is freed with
    // LocalFree below, and `dacl` points into it.
    unsafe {
        let err = GetNamedSecurityInfoW(
            name.as_ptr(),
            SE_FILE_OBJECT,
            DACL_SECURITY_INFORMATION,
            ptr::null_mut(),
            ptr::null_mut(),
            &mut dacl,
            ptr::null_mut(),
            &mut descriptor,
        );
        if err != 0 {
            return Err(io::Error::from_raw_os_error(err as i32));
        }
        let others = if dacl.is_null() {
            // No list at all: everyone may do anything.
            Others {
                read: true,
                write: true,
            }
        } else {
            entries(dacl, user.sid())
        };
        LocalFree(descriptor.cast());
        Ok(others)
    }
}

/// Folds the allowing entries of `acl` for accounts other than `me`, `SYSTEM` and the
/// administrators.
///
/// # Safety
/// `acl` must point to a valid access list.
unsafe fn entries(acl: *const ACL, me: PSID) -> Others {
    let mut others = Others::default();
    let mut info: ACL_SIZE_INFORMATION = unsafe { std::mem::zeroed() };
    let size = size_of::<ACL_SIZE_INFORMATION>() as u32;
    let queried = unsafe {
        GetAclInformation(
            acl,
            (&raw mut info).cast::<c_void>(),
            size,
            AclSizeInformation,
        )
    };
    if queried == 0 {
        return Others {
            read: true,
            write: true,
        };
    }
    for index in 0..info.AceCount {
        let mut ace: *mut c_void = ptr::null_mut();
        if unsafe { GetAce(acl, index, &mut ace) } == 0 {
            continue;
        }
        let header = unsafe { &*ace.cast::<ACE_HEADER>() };
        if header.AceType != ACCESS_ALLOWED_ACE_TYPE || header.AceFlags & INHERIT_ONLY_ACE != 0 {
            continue;
        }
        let allowed = unsafe { &*ace.cast::<ACCESS_ALLOWED_ACE>() };
        let sid: PSID = (&raw const allowed.SidStart).cast_mut().cast();
        let trusted = unsafe {
            EqualSid(sid, me) != 0
                || IsWellKnownSid(sid, WinLocalSystemSid) != 0
                || IsWellKnownSid(sid, WinBuiltinAdministratorsSid) != 0
        };
        if !trusted {
            others.read |= allowed.Mask & READS != 0;
            others.write |= allowed.Mask & WRITES != 0;
        }
    }
    others
}

/// Whether access lists are emulated: nt3 runs under Wine, whose `ntdll` exports
/// `wine_get_version`.
pub fn emulated() -> bool {
    static WINE: OnceLock<bool> = OnceLock::new();
    // SAFETY: both names are NUL-terminated; ntdll stays loaded for the process's life.
    *WINE.get_or_init(|| unsafe {
        let ntdll = GetModuleHandleA(c"ntdll.dll".as_ptr().cast());
        !ntdll.is_null() && GetProcAddress(ntdll, c"wine_get_version".as_ptr().cast()).is_some()
    })
}

/// The current user's SID, in a buffer that owns it.
struct User(Vec<u64>);

impl User {
    fn current() -> io::Result<Self> {
        // SAFETY: the token handle is closed before returning; the buffer is sized by
        // the first call and aligned for TOKEN_USER (u64 words).
        unsafe {
            let mut token: HANDLE = ptr::null_mut();
            if OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) == 0 {
                return Err(io::Error::last_os_error());
            }
            let mut len = 0u32;
            GetTokenInformation(token, TokenUser, ptr::null_mut(), 0, &mut len);
            let mut buffer = vec![0u64; (len as usize).div_ceil(8).max(1)];
            let ok =
                GetTokenInformation(token, TokenUser, buffer.as_mut_ptr().cast(), len, &mut len);
            let err = io::Error::last_os_error();
            CloseHandle(token);
            if ok == 0 {
                return Err(err);
            }
            Ok(Self(buffer))
        }
    }

    fn sid(&self) -> PSID {
        // SAFETY: the buffer holds a TOKEN_USER filled by GetTokenInformation.
        unsafe { (*self.0.as_ptr().cast::<TOKEN_USER>()).User.Sid }
    }
}

fn wide(path: &Path) -> Vec<u16> {
    path.as_os_str().encode_wide().chain(Some(0)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_restricted_file_lets_nobody_else_in() {
        if emulated() {
            eprintln!("under Wine access lists are kept as Unix modes: nothing to check");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.json");
        std::fs::write(&path, "{}").unwrap();
        restrict(&path, false).unwrap();
        assert_eq!(others(&path).unwrap(), Others::default());
        assert_eq!(std::fs::read(&path).unwrap(), b"{}", "the owner still can");
    }
}
