print("reflectprobe-demo: the demo server is being assembled (issue #3)")
