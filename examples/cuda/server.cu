// A CUDA-only stand-in for an inference server, shaped like a TensorRT one: the "engine" is a
// weights file. It maps (or reads) the file, uploads it to the GPU, builds its buffers, runs a
// warm-up kernel over every byte, and only then opens its HTTP port. Each phase prints one
// stamped line, `<unix seconds>.<ms>: <label>`, which startup-sla can read from the log.
//
// Environment:
//   WEIGHTS_PATH  weights file (default /weights.bin)
//   WEIGHTS_LOAD  mmap | read (default mmap): how the file reaches host memory
//   PORT          HTTP port (default 8000); GET /health answers 200 once everything is ready
//   WARMUP_ITERS  warm-up kernel launches (default 3)
#include <cuda_runtime.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void stamp(const char *label) {
  timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  printf("%ld.%03ld: %s\n", (long)t.tv_sec, t.tv_nsec / 1000000L, label);
  fflush(stdout);
}

static void die(const char *what, const char *why) {
  fprintf(stderr, "error: %s: %s\n", what, why);
  exit(1);
}

#define CUDA_CHECK(call)                                        \
  do {                                                          \
    cudaError_t e_ = (call);                                    \
    if (e_ != cudaSuccess) die(#call, cudaGetErrorString(e_));  \
  } while (0)

static const char *env_or(const char *name, const char *fallback) {
  const char *v = getenv(name);
  return v != NULL && v[0] != '\0' ? v : fallback;
}

// Touches every 32-bit word of the weights, so a lazily loaded module and every page of
// device memory are exercised before "ready", as a first real inference would.
__global__ void warmup(const uint32_t *w, size_t n, uint32_t *out) {
  uint32_t acc = 0;
  for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n; i += (size_t)gridDim.x * blockDim.x) acc ^= w[i] * 2654435761u;
  atomicXor(out, acc);
}

// PID 1 in a container gets no default signal handling: without this, `docker stop` waits
// its full grace period and every measured start would pay for it at teardown.
static void on_signal(int) { _exit(0); }

static void *load_weights(const char *path, const char *mode, size_t *size) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) die(path, strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0) die(path, strerror(errno));
  *size = (size_t)st.st_size;
  if (*size == 0) die(path, "empty weights file");
  void *p;
  if (strcmp(mode, "read") == 0) {
    p = malloc(*size);
    if (p == NULL) die("malloc", "out of memory");
    for (size_t done = 0; done < *size;) {
      ssize_t r = read(fd, (char *)p + done, *size - done);
      if (r <= 0) die(path, r == 0 ? "short read" : strerror(errno));
      done += (size_t)r;
    }
  } else if (strcmp(mode, "mmap") == 0) {
    p = mmap(NULL, *size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) die(path, strerror(errno));
    madvise(p, *size, MADV_SEQUENTIAL);
  } else {
    die("WEIGHTS_LOAD", "expected mmap or read");
  }
  close(fd);
  return p;
}

static void serve(int port) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr = {};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  addr.sin_port = htons((uint16_t)port);
  if (bind(s, (sockaddr *)&addr, sizeof addr) != 0) die("bind", strerror(errno));
  if (listen(s, 64) != 0) die("listen", strerror(errno));
  stamp("listening");
  for (;;) {
    int c = accept(s, NULL, NULL);
    if (c < 0) continue;
    char req[2048];
    ssize_t n = recv(c, req, sizeof req - 1, 0);
    req[n > 0 ? n : 0] = '\0';
    const char *ok = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n";
    const char *nf = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    const char *resp = strncmp(req, "GET /health ", 12) == 0 || strncmp(req, "GET /health?", 12) == 0 ? ok : nf;
    send(c, resp, strlen(resp), MSG_NOSIGNAL);
    close(c);
  }
}

int main() {
  stamp("process started");
  signal(SIGTERM, on_signal);
  signal(SIGINT, on_signal);
  const char *path = env_or("WEIGHTS_PATH", "/weights.bin");
  const char *mode = env_or("WEIGHTS_LOAD", "mmap");
  int port = atoi(env_or("PORT", "8000"));
  int iters = atoi(env_or("WARMUP_ITERS", "3"));

  CUDA_CHECK(cudaFree(0));  // creates the primary context: driver, device memory, modules
  stamp("cuda init");

  size_t size = 0;
  void *host = load_weights(path, mode, &size);
  char label[128];
  snprintf(label, sizeof label, "weights %s %zu MB", strcmp(mode, "read") == 0 ? "read" : "mapped", size >> 20);
  stamp(label);

  void *dev = NULL;
  CUDA_CHECK(cudaMalloc(&dev, size));
  CUDA_CHECK(cudaMemcpy(dev, host, size, cudaMemcpyHostToDevice));
  stamp("engine loaded");

  // The "execution context": a stream and the buffers a request would use.
  cudaStream_t stream;
  CUDA_CHECK(cudaStreamCreate(&stream));
  uint32_t *out = NULL;
  void *activations = NULL;
  CUDA_CHECK(cudaMalloc(&out, sizeof *out));
  CUDA_CHECK(cudaMalloc(&activations, 64u << 20));
  stamp("context ready");

  for (int i = 0; i < (iters > 0 ? iters : 1); i++) {
    CUDA_CHECK(cudaMemsetAsync(out, 0, sizeof *out, stream));
    warmup<<<1024, 256, 0, stream>>>((const uint32_t *)dev, size / sizeof(uint32_t), out);
    CUDA_CHECK(cudaGetLastError());
  }
  CUDA_CHECK(cudaStreamSynchronize(stream));
  uint32_t checksum = 0;
  CUDA_CHECK(cudaMemcpy(&checksum, out, sizeof checksum, cudaMemcpyDeviceToHost));
  snprintf(label, sizeof label, "warm-up done checksum=%08x", checksum);
  stamp(label);

  serve(port);
  return 0;
}
