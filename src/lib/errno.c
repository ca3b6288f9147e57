/* Names for the error codes in include/lib/errno.h, for log messages. */
#include "lib/errno.h"

const char *errno_name(int err)
{
    switch (err < 0 ? -err : err) {
    case 0: return "OK";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EINTR: return "EINTR";
    case EIO: return "EIO";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EFAULT: return "EFAULT";
    case EBUSY: return "EBUSY";
    case EINVAL: return "EINVAL";
    case EFBIG: return "EFBIG";
    case ERANGE: return "ERANGE";
    case ENOSYS: return "ENOSYS";
    case ETIME: return "ETIME";
    case ETIMEDOUT: return "ETIMEDOUT";
    default: return "E?";
    }
}
