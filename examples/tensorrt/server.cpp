// A minimal TensorRT inference server for measuring hot starts: it deserializes a prebuilt
// engine, creates an execution context, runs one warm-up inference (enqueueV3), and only then
// opens its HTTP port. Each phase prints `<unix seconds>.<ms>: <label>` for startup-sla.
// Written against TensorRT 10's documented C++ API (IRuntime::deserializeCudaEngine,
// ICudaEngine::createExecutionContext, IExecutionContext::enqueueV3). NOT compiled or run
// where it was written (no TensorRT there): see README.md.
//
// Environment: ENGINE_PATH (default /models/model.plan), PORT (default 8000).
#include <NvInfer.h>
#include <cuda_runtime_api.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

static void stamp(const std::string &label) {
  timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  std::printf("%ld.%03ld: %s\n", static_cast<long>(t.tv_sec), t.tv_nsec / 1000000L, label.c_str());
  std::fflush(stdout);
}

[[noreturn]] static void die(const std::string &what) {
  std::fprintf(stderr, "error: %s\n", what.c_str());
  std::exit(1);
}

static void check(cudaError_t e, const char *what) {
  if (e != cudaSuccess) die(std::string(what) + ": " + cudaGetErrorString(e));
}

class Logger : public nvinfer1::ILogger {
  void log(Severity severity, const char *msg) noexcept override {
    if (severity <= Severity::kWARNING) std::fprintf(stderr, "[TRT] %s\n", msg);
  }
};

static size_t elementSize(nvinfer1::DataType t) {
  switch (t) {
    case nvinfer1::DataType::kINT64: return 8;
    case nvinfer1::DataType::kFLOAT:
    case nvinfer1::DataType::kINT32: return 4;
    case nvinfer1::DataType::kHALF:
    case nvinfer1::DataType::kBF16: return 2;
    default: return 1;  // kINT8, kUINT8, kBOOL, kFP8 (kINT4 packs two per byte: 1 over-allocates)
  }
}

// PID 1 in a container has no default signal handling: exit at once on docker stop.
static void onSignal(int) { _exit(0); }

static void serve(int port) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (bind(s, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) die(std::string("bind: ") + std::strerror(errno));
  if (listen(s, 64) != 0) die(std::string("listen: ") + std::strerror(errno));
  stamp("listening");
  const std::string ok = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n";
  const std::string notFound = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  for (;;) {
    int c = accept(s, nullptr, nullptr);
    if (c < 0) continue;
    char req[2048];
    ssize_t n = recv(c, req, sizeof req - 1, 0);
    req[n > 0 ? n : 0] = '\0';
    const std::string &resp = std::strncmp(req, "GET /health", 11) == 0 ? ok : notFound;
    send(c, resp.data(), resp.size(), MSG_NOSIGNAL);
    close(c);
  }
}

int main() {
  stamp("process started");
  signal(SIGTERM, onSignal);
  signal(SIGINT, onSignal);
  const char *envPath = std::getenv("ENGINE_PATH");
  const std::string path = envPath != nullptr ? envPath : "/models/model.plan";
  const char *envPort = std::getenv("PORT");
  const int port = envPort != nullptr ? std::atoi(envPort) : 8000;

  check(cudaFree(nullptr), "cuda init");
  stamp("cuda init");

  std::ifstream file(path, std::ios::binary | std::ios::ate);
  if (!file) die("cannot open engine " + path);
  std::vector<char> blob(static_cast<size_t>(file.tellg()));
  file.seekg(0);
  if (!file.read(blob.data(), static_cast<std::streamsize>(blob.size()))) die("cannot read engine " + path);
  stamp("engine read " + std::to_string(blob.size() >> 20) + " MB");

  Logger logger;
  std::unique_ptr<nvinfer1::IRuntime> runtime(nvinfer1::createInferRuntime(logger));
  if (!runtime) die("createInferRuntime failed");
  std::unique_ptr<nvinfer1::ICudaEngine> engine(runtime->deserializeCudaEngine(blob.data(), blob.size()));
  // The usual cause: an engine built by another TensorRT version or for another GPU.
  if (!engine) die("deserializeCudaEngine failed (engine built by another TensorRT version or for another GPU?)");
  blob.clear();
  blob.shrink_to_fit();
  stamp("engine deserialized");

  std::unique_ptr<nvinfer1::IExecutionContext> context(engine->createExecutionContext());
  if (!context) die("createExecutionContext failed");
  cudaStream_t stream;
  check(cudaStreamCreate(&stream), "cudaStreamCreate");
  std::vector<void *> buffers;
  for (int32_t i = 0; i < engine->getNbIOTensors(); i++) {
    const char *name = engine->getIOTensorName(i);
    nvinfer1::Dims dims = engine->getTensorShape(name);
    if (engine->getTensorIOMode(name) == nvinfer1::TensorIOMode::kINPUT) {
      // Dynamic dimensions (-1): warm up with the first profile's optimum shape.
      bool dynamic = false;
      for (int32_t d = 0; d < dims.nbDims; d++) dynamic = dynamic || dims.d[d] < 0;
      if (dynamic) {
        dims = engine->getProfileShape(name, 0, nvinfer1::OptProfileSelector::kOPT);
        if (!context->setInputShape(name, dims)) die(std::string("setInputShape failed for ") + name);
      }
    } else {
      dims = context->getTensorShape(name);
    }
    size_t count = 1;
    for (int32_t d = 0; d < dims.nbDims; d++) count *= static_cast<size_t>(dims.d[d] > 0 ? dims.d[d] : 1);
    void *ptr = nullptr;
    const size_t bytes = count * elementSize(engine->getTensorDataType(name));
    check(cudaMalloc(&ptr, bytes), "cudaMalloc");
    check(cudaMemsetAsync(ptr, 0, bytes, stream), "cudaMemsetAsync");
    buffers.push_back(ptr);
    if (!context->setTensorAddress(name, ptr)) die(std::string("setTensorAddress failed for ") + name);
  }
  stamp("context ready");

  // With CUDA lazy loading, kernels load at first use: the first inference belongs before ready.
  if (!context->enqueueV3(stream)) die("warm-up enqueueV3 failed");
  check(cudaStreamSynchronize(stream), "warm-up");
  stamp("warm-up done");

  serve(port);
  return 0;
}
