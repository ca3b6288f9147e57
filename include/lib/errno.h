/* Error codes returned (negated) by every API in every layer (drivers, kernel, user library):
 * one list, in lib/ because it belongs to no layer above the drivers.
 * The values and spellings are Linux's, so the host test build sees identical definitions. */
#ifndef LIB_ERRNO_H
#define LIB_ERRNO_H

#define EPERM     1
#define ENOENT    2
#define ESRCH     3
#define EINTR     4
#define EIO       5
#define EAGAIN    11
#define ENOMEM    12
#define EFAULT    14
#define EBUSY     16
#define EINVAL    22
#define EFBIG     27
#define ERANGE    34
#define ENOSYS    38
#define ETIME     62
#define ETIMEDOUT 110

/* Short name of an error code ("EINVAL"); takes the negative form too. */
const char *errno_name(int err);

#endif
